import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from training.models import Certification, CertificationKind, CertificationState

STATE_COLOURS = {
    CertificationState.VALID: "success",
    CertificationState.EXPIRING: "warning",
    CertificationState.EXPIRED: "danger",
}


class CertificationTable(tables.Table):
    evidence_url_name = "training:certification_evidence"

    person = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("person__name",))
    kind = tables.Column(verbose_name="Certification", order_by=("kind__name",))
    issuer = tables.Column(accessor="kind__vendor", verbose_name="Issued by", default="The hospital")
    earned_on = tables.DateColumn(format="Y-m-d")
    expires_on = tables.DateColumn(format="Y-m-d", verbose_name="Valid until", default="for good")
    state = tables.Column(accessor="pk", verbose_name="State", orderable=False)
    evidence = tables.Column(orderable=False, default="—")

    class Meta:
        model = Certification
        fields = ("person", "kind", "issuer", "earned_on", "expires_on", "state", "evidence")
        order_by = ("expires_on",)

    def render_state(self, record: Certification) -> str:
        state = record.state(timezone.localdate())
        return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLOURS[state], state.label)

    def value_state(self, record: Certification) -> str:
        return record.state(timezone.localdate()).label

    def render_evidence(self, record: Certification) -> str:
        url = reverse(self.evidence_url_name, kwargs={"pk": record.pk})
        return format_html(
            '<a href="{}"><i class="bi bi-download me-1" aria-hidden="true"></i>{}</a>', url, record.evidence_name
        )

    def value_evidence(self, record: Certification) -> str:
        return record.evidence_name


class CertificationKindTable(tables.Table):
    name = tables.Column(linkify=True)
    vendor = tables.Column(verbose_name="Issued by", default="The hospital")
    validity_months = tables.Column(verbose_name="Valid for (months)", default="for good")
    internal_trainer = tables.BooleanColumn(verbose_name="Qualifies internal trainers")
    active = tables.BooleanColumn()

    class Meta:
        model = CertificationKind
        fields = ("name", "vendor", "validity_months", "internal_trainer", "active")
        order_by = ("name",)
