"""Tables of compliance documents and document types. The portal subclasses the document table
with its own detail page and without the vendor column (``portal/tables.py``)."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from compliance.models import ComplianceDocument, DocumentType, Outcome
from core.tables import StatusColumn
from vendors.models import Vendor

OUTCOME_COLOURS = {
    Outcome.PENDING: "info",
    Outcome.ACCEPTED: "success",
    Outcome.ACCEPTED_WITH_FINDINGS: "warning",
    Outcome.REJECTED: "danger",
}
NOWRAP = {"td": {"class": "text-nowrap"}}


def outcome_badge(document: ComplianceDocument) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        OUTCOME_COLOURS[document.outcome],
        document.get_outcome_display(),
    )


class ComplianceDocumentTable(tables.Table):
    detail_url_name = "compliance:compliancedocument_detail"

    document_type = tables.Column(verbose_name="Document", linkify=lambda table, record: table.detail_url(record))
    version = tables.Column()
    vendor = tables.Column(linkify=True)
    issued_on = tables.DateColumn(verbose_name="Issued", format="Y-m-d", attrs=NOWRAP)
    valid_until = tables.DateColumn(verbose_name="Valid until", format="Y-m-d", attrs=NOWRAP)
    scope = tables.Column()
    outcome = tables.Column(verbose_name="Review")
    created_at = tables.DateColumn(verbose_name="Uploaded", format="Y-m-d", attrs=NOWRAP)

    class Meta:
        model = ComplianceDocument
        fields = ("document_type", "version", "vendor", "issued_on", "valid_until", "scope", "outcome", "created_at")
        order_by = ("vendor", "document_type")
        empty_text = "No compliance documents match these filters."

    def detail_url(self, record: ComplianceDocument) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": record.pk})

    def render_valid_until(self, value: datetime.date | None) -> str:
        return f"{value:%Y-%m-%d}" if value else "Does not expire"

    def value_valid_until(self, value: datetime.date | None) -> str:
        return f"{value:%Y-%m-%d}" if value else ""

    def render_outcome(self, record: ComplianceDocument) -> SafeString:
        return outcome_badge(record)

    def value_outcome(self, record: ComplianceDocument) -> str:
        return record.get_outcome_display()


class DocumentTypeTable(tables.Table):
    name = tables.Column(verbose_name="Document type")
    code = tables.Column()
    required_for = tables.Column(verbose_name="Required of")
    vendor_kinds = tables.Column(verbose_name="Vendor kinds", empty_values=())
    expires = StatusColumn(true_label="Expires", false_label="Does not expire", verbose_name="Validity")
    position = tables.Column(verbose_name="Column")
    active = StatusColumn(verbose_name="Status")
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="", exclude_from_export=True)

    class Meta:
        model = DocumentType
        fields = ("name", "code", "required_for", "vendor_kinds", "expires", "position", "active")
        empty_text = "No document types yet: add the documents you ask vendors for."

    def __init__(self, *args: object, can_edit: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")

    def render_vendor_kinds(self, record: DocumentType) -> str:
        return value_kinds(record)

    def value_vendor_kinds(self, record: DocumentType) -> str:
        return value_kinds(record)

    def render_edit(self, record: DocumentType) -> SafeString:
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}" title="Edit {}">'
            '<i class="bi bi-pencil" aria-hidden="true"></i><span class="visually-hidden">Edit</span></a>',
            reverse("compliance:documenttype_edit", kwargs={"pk": record.pk}),
            record.name,
        )


def value_kinds(document_type: DocumentType) -> str:
    labels = dict(Vendor.Kind.choices)
    return ", ".join(labels.get(kind, kind) for kind in document_type.vendor_kinds) or "Every kind"
