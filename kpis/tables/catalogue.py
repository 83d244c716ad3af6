"""The KPI catalogue's table, and the number and source formats every KPI table uses."""

from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.tables import StatusColumn
from kpis.models import Kpi

SOURCE_COLOURS = {"manual": "secondary", "vendor": "warning", "computed": "info", "probe": "primary"}
SOURCE_LABELS = {"manual": "Manual", "vendor": "Vendor", "computed": "Computed", "probe": "Probe"}
DIRECTION_LABELS = {"higher": "Higher", "lower": "Lower"}
NOWRAP = {"td": {"class": "text-nowrap"}}
NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


def format_number(value: Decimal | None) -> str:
    """``99.9000`` as ``99.9``, ``240.0000`` as ``240``; thousands separated."""
    if value is None:
        return ""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def source_badge(source: str) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', SOURCE_COLOURS.get(source, "secondary"), SOURCE_LABELS[source]
    )


AGGREGATION_LABELS = {"mean": "Mean", "median": "Median", "p90": "p90", "sum": "Sum", "last": "Last", "rate": "Rate"}


class KpiTable(tables.Table):
    name = tables.Column(verbose_name="KPI", attrs={"td": {"style": "min-width: 12rem"}})
    code = tables.Column(visible=False)  # shown under the name; a column of its own in the export
    area = tables.Column()
    unit = tables.Column()
    direction = tables.Column(verbose_name="Better")
    target = tables.Column(attrs=NUMBER)
    warning = tables.Column(verbose_name="Warning at", attrs=NUMBER)
    aggregation = tables.Column()
    period = tables.Column()
    source = tables.Column()
    scope = tables.Column()
    active = StatusColumn()

    class Meta:
        model = Kpi
        fields = (
            "name",
            "code",
            "area",
            "unit",
            "direction",
            "target",
            "warning",
            "aggregation",
            "period",
            "source",
            "scope",
            "active",
        )
        empty_text = "No KPI matches these filters."

    def __init__(self, *args: object, can_edit: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.can_edit = can_edit

    def render_name(self, record: Kpi) -> SafeString:
        code = format_html('<div class="font-monospace small text-body-secondary">{}</div>', record.code)
        if not self.can_edit:
            return format_html("{}{}", record.name, code)
        url = reverse("kpis:kpi_edit", kwargs={"pk": record.pk})
        return format_html('<a href="{}" title="Edit {}">{}</a>{}', url, record.name, record.name, code)

    def value_name(self, record: Kpi) -> str:
        return record.name

    def render_direction(self, record: Kpi) -> str:
        return DIRECTION_LABELS[record.direction]

    def value_direction(self, record: Kpi) -> str:
        return DIRECTION_LABELS[record.direction]

    def render_target(self, value: Decimal) -> str:
        return format_number(value)

    def value_target(self, value: Decimal | None) -> str:
        return format_number(value)

    def render_warning(self, value: Decimal) -> str:
        return format_number(value)

    def value_warning(self, value: Decimal | None) -> str:
        return format_number(value)

    def render_aggregation(self, record: Kpi) -> SafeString:
        return format_html(
            '<span title="{}">{}</span>', record.get_aggregation_display(), AGGREGATION_LABELS[record.aggregation]
        )

    def value_aggregation(self, record: Kpi) -> str:
        return record.get_aggregation_display()

    def render_source(self, record: Kpi) -> SafeString:
        return source_badge(record.source)

    def value_source(self, record: Kpi) -> str:
        return record.get_source_display()
