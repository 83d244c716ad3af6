"""The samples table (and who reported a sample, for it and the CSV export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kpis.models import KpiSample
from kpis.tables.catalogue import NOWRAP, NUMBER, format_number, source_badge


class KpiSampleTable(tables.Table):
    measured_at = tables.Column(verbose_name="Measured", order_by=("measured_at", "id"), attrs=NOWRAP)
    kpi = tables.Column(verbose_name="KPI", orderable=False)
    vendor = tables.Column(orderable=False)
    component = tables.Column(orderable=False)
    # Sorting millions of samples by value would read them all; filter first, then export.
    value = tables.Column(attrs=NUMBER, orderable=False)
    source = tables.Column(orderable=False)
    reported = tables.Column(empty_values=(), orderable=False, verbose_name="Reported by")

    class Meta:
        model = KpiSample
        fields = ("measured_at", "kpi", "vendor", "component", "value", "source", "reported")
        order_by = ("-measured_at",)
        empty_text = "No samples match these filters."

    def render_measured_at(self, value: object) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")

    def render_kpi(self, record: KpiSample) -> SafeString:
        return format_html('{} <span class="text-body-secondary small">{}</span>', record.kpi.name, record.kpi.code)

    def render_value(self, record: KpiSample) -> str:
        return f"{format_number(record.value)} {record.kpi.unit}"

    def render_source(self, record: KpiSample) -> SafeString:
        return source_badge(record.source)

    def render_reported(self, record: KpiSample) -> str:
        return reported_by(record)


def reported_by(sample: KpiSample) -> str:
    """Who reported it: the person, and what (a probe, a computation) when it says so."""
    person = str(sample.reported_by) if sample.reported_by_id else ""
    return " · ".join(part for part in (person, sample.reporter) if part) or "—"
