"""Reads of compliance documents: the lists, a document's versions, and the matrix of vendors x
required document types, built in three flat queries however many vendors there are."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from compliance.matrix import STATUS_COLOURS, STATUS_LABELS, CellStatus, OnFile, cell_status, is_required
from compliance.models import ComplianceDocument, DocumentType, Outcome
from compliance.models.documents import ACCEPTED_OUTCOMES
from core.roles import ScopedUser
from vendors.models import Vendor


def document_list() -> QuerySet[ComplianceDocument]:
    return ComplianceDocument.objects.select_related("vendor", "document_type", "uploaded_by", "reviewed_by")


def document_type_list() -> QuerySet[DocumentType]:
    return DocumentType.objects.all()


def document_versions(document: ComplianceDocument, *, user: ScopedUser) -> QuerySet[ComplianceDocument]:
    """Every version the vendor filed of the document's type, newest first (the document too)."""
    return (
        document_list()
        .visible_to(user)
        .filter(vendor_id=document.vendor_id, document_type_id=document.document_type_id)
        .order_by("-issued_on", "-pk")
    )


@dataclass(frozen=True, slots=True)
class MatrixCell:
    document_type: DocumentType
    status: CellStatus
    accepted_until: datetime.date | None
    pending: int

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def required(self) -> bool:
        return self.status != CellStatus.NOT_REQUIRED


@dataclass(frozen=True)
class MatrixRow:
    vendor: Vendor
    cells: list[MatrixCell]

    def count(self, status: CellStatus) -> int:
        return sum(1 for cell in self.cells if cell.status == status)

    @property
    def required_count(self) -> int:
        return sum(1 for cell in self.cells if cell.required)

    @property
    def valid_count(self) -> int:
        """Required types covered by a valid document, expiring ones included (still valid today)."""
        return sum(1 for cell in self.cells if cell.status in (CellStatus.VALID, CellStatus.EXPIRING))


@dataclass(frozen=True)
class ComplianceMatrix:
    today: datetime.date
    document_types: list[DocumentType]
    rows: list[MatrixRow]

    def total(self, status: CellStatus) -> int:
        return sum(row.count(status) for row in self.rows)


def _grouped_on_file(
    documents: QuerySet[ComplianceDocument], at: datetime.datetime | None
) -> dict[tuple[int, int], OnFile]:
    """What each vendor has on file per type, grouped in one query; with ``at``, as it stood
    then: documents filed before it, accepted only if reviewed before it, pending until then."""
    accepted = Q(outcome__in=ACCEPTED_OUTCOMES)
    pending = Q(outcome=Outcome.PENDING)
    if at is not None:
        documents = documents.filter(created_at__lt=at)
        accepted &= Q(reviewed_at__lt=at)
        pending |= Q(reviewed_at__gte=at)
    grouped = (
        documents.order_by()
        .values("vendor_id", "document_type_id")
        .annotate(
            accepted_until=Max("valid_until", filter=accepted),
            without_expiry=Count("pk", filter=accepted & Q(valid_until__isnull=True)),
            pending=Count("pk", filter=pending),
        )
        .values_list("vendor_id", "document_type_id", "accepted_until", "without_expiry", "pending")
    )
    return {
        (vendor_id, type_id): OnFile(accepted_until=until, accepted_without_expiry=without > 0, pending=pending)
        for vendor_id, type_id, until, without, pending in grouped
    }


def _on_file(vendor_ids: list[int] | None, user: ScopedUser) -> dict[tuple[int, int], OnFile]:
    documents = ComplianceDocument.objects.visible_to(user)
    if vendor_ids is not None:
        documents = documents.filter(vendor_id__in=vendor_ids)
    return _grouped_on_file(documents, None)


def _rows(
    vendor_rows: list[Vendor],
    types: list[DocumentType],
    on_file: dict[tuple[int, int], OnFile],
    today: datetime.date,
) -> list[MatrixRow]:
    empty = OnFile()
    # The rule depends on the vendor's kind and hosting only: worked out once per pair.
    required_by_profile: dict[tuple[str, bool], list[bool]] = {}
    rows = []
    for vendor in vendor_rows:
        vendor_id, profile = vendor.pk, (vendor.kind, vendor.hosts_data)
        required = required_by_profile.get(profile)
        if required is None:
            required = required_by_profile[profile] = [
                is_required(
                    requirement=kind.required_for,
                    kinds=kind.vendor_kinds,
                    vendor_kind=profile[0],
                    hosts_data=profile[1],
                )
                for kind in types
            ]
        cells = []
        for document_type, is_asked in zip(types, required, strict=True):
            facts = on_file.get((vendor_id, document_type.pk), empty)
            status = cell_status(facts, today=today) if is_asked else CellStatus.NOT_REQUIRED
            cells.append(MatrixCell(document_type, status, facts.accepted_until, facts.pending))
        rows.append(MatrixRow(vendor, cells))
    return rows


def compliance_matrix(
    *, user: ScopedUser, today: datetime.date, vendors: QuerySet[Vendor] | None = None
) -> ComplianceMatrix:
    """The active vendors ``user`` may see (or ``vendors``) against the active document types:
    each cell's state (``compliance.matrix.cell_status``), or "not required" where the type's
    rule does not ask it of the vendor. Three queries: vendors, types, documents grouped."""
    chosen = (vendors if vendors is not None else Vendor.objects.filter(active=True)).visible_to(user)
    vendor_rows = list(chosen.only("pk", "name", "kind", "hosts_data").order_by("name"))
    types = list(DocumentType.objects.filter(active=True))
    on_file = _on_file([vendor.pk for vendor in vendor_rows] if vendors is not None else None, user)
    rows = _rows(vendor_rows, types, on_file, today)
    return ComplianceMatrix(today=today, document_types=types, rows=rows)


def document_states_at(vendor_ids: list[int], *, at: datetime.datetime) -> list[MatrixRow]:
    """The matrix rows of ``vendor_ids`` as they stood at ``at`` (documents filed and reviewed
    before it, judged on the day ``at`` ends), for the KPI and the monthly report: a system
    read, unscoped. Three queries."""
    vendor_rows = list(
        Vendor.objects.filter(pk__in=vendor_ids).only("pk", "name", "kind", "hosts_data").order_by("name")
    )
    types = list(DocumentType.objects.filter(active=True))
    on_file = _grouped_on_file(ComplianceDocument.objects.filter(vendor_id__in=vendor_ids), at)
    return _rows(vendor_rows, types, on_file, last_day_before(at))


def last_day_before(at: datetime.datetime) -> datetime.date:
    """The hospital's day an instant ends (a month's end at midnight: its last day)."""
    return timezone.localdate(at - datetime.timedelta(microseconds=1))


def documents_valid_percent(
    vendor_ids: list[int], start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> dict[int, dict[str, Decimal]]:
    """KPI ``compliance_documents_valid`` of the month (``kpis.computed_sources``): per vendor,
    the share of its required document types covered by a valid document (expiring ones still
    count) when the month ended, or now in the running month; vendors asked for nothing are left
    out, and so is a month not begun."""
    at = min(end, now)
    if at <= start:
        return {}
    values = {}
    for row in document_states_at(vendor_ids, at=at):
        if row.required_count:
            share = Decimal(100) * row.valid_count / row.required_count
            values[row.vendor.pk] = {"compliance_documents_valid": share.quantize(Decimal("0.0001"))}
    return values


def documents_expiring_on(*, days: set[datetime.date]) -> QuerySet[ComplianceDocument]:
    """Accepted documents whose valid-until is one of ``days`` and that no later accepted
    document of the same vendor and type outlasts (a renewed one needs no reminder)."""
    renewed = ComplianceDocument.objects.filter(
        vendor_id=OuterRef("vendor_id"),
        document_type_id=OuterRef("document_type_id"),
        outcome__in=ACCEPTED_OUTCOMES,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    return (
        ComplianceDocument.objects.filter(outcome__in=ACCEPTED_OUTCOMES, valid_until__in=days)
        .exclude(Exists(renewed))
        .select_related("vendor", "document_type")
        .order_by("valid_until", "pk")
    )
