"""The table of security incidents; the portal's subclass links to its own pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from compliance.breach_clocks import STATE_COLOURS, STATE_LABELS
from compliance.models import SecurityIncident
from compliance.pages.incidents import SEVERITY_COLOURS, STATUS_BADGES

NUMERIC = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


def _clock_badge(record: SecurityIncident, index: int) -> SafeString:
    clock = record.clocks[index]
    state = clock.state(timezone.now())
    return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLOURS[state], STATE_LABELS[state])


class SecurityIncidentTable(tables.Table):
    detail_url_name = "compliance:securityincident_detail"

    title = tables.Column(linkify=lambda table, record: table.detail_url(record))
    vendor = tables.Column(linkify=True)
    severity = tables.Column()
    status = tables.Column()
    hospital_aware_at = tables.DateTimeColumn(verbose_name="We knew", format="Y-m-d H:i")
    vendor_clock = tables.Column(verbose_name="Vendor tells us", empty_values=(), orderable=False)
    regulator_clock = tables.Column(verbose_name="We tell the authority", empty_values=(), orderable=False)
    patients_affected = tables.Column(verbose_name="Patients (est.)", attrs=NUMERIC)

    class Meta:
        model = SecurityIncident
        fields = ("title", "vendor", "kind", "severity", "status", "hospital_aware_at", "patients_affected")
        sequence = (
            "title",
            "vendor",
            "kind",
            "severity",
            "status",
            "hospital_aware_at",
            "vendor_clock",
            "regulator_clock",
        )
        empty_text = (
            "No security incidents recorded: when a vendor reports a suspected breach, it shows here with its clocks."
        )

    def detail_url(self, record: SecurityIncident) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": record.pk})

    def render_severity(self, record: SecurityIncident) -> SafeString:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', SEVERITY_COLOURS[record.severity], record.get_severity_display()
        )

    def render_status(self, record: SecurityIncident) -> SafeString:
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES[record.status], record.get_status_display()
        )

    def render_vendor_clock(self, record: SecurityIncident) -> SafeString:
        return _clock_badge(record, 0)

    def render_regulator_clock(self, record: SecurityIncident) -> SafeString:
        return _clock_badge(record, 1)

    def value_vendor_clock(self, record: SecurityIncident) -> str:
        return STATE_LABELS[record.clocks[0].state(timezone.now())]

    def value_regulator_clock(self, record: SecurityIncident) -> str:
        return STATE_LABELS[record.clocks[1].state(timezone.now())]
