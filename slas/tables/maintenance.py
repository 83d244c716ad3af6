"""The maintenance-window table, shared by the hospital list and the vendor portal."""

import datetime
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.durations import format_duration
from slas.models import MaintenanceWindow
from slas.selectors.maintenance import MaintenanceCompliance, maintenance_compliance

STATE_BADGES = {
    MaintenanceWindow.State.PROPOSED: "warning",
    MaintenanceWindow.State.APPROVED: "success",
    MaintenanceWindow.State.REJECTED: "danger",
    MaintenanceWindow.State.CANCELLED: "secondary",
}


def local(instant: datetime.datetime | None) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M") if instant else ""


def span(start: datetime.datetime | None, end: datetime.datetime | None) -> str:
    """Start and end in hospital time; the end without its date when it is the same day."""
    if start is None:
        return ""
    if end is None:
        return f"{local(start)} – running"
    same_day = timezone.localdate(start) == timezone.localdate(end)
    return f"{local(start)} – {timezone.localtime(end):%H:%M}" if same_day else f"{local(start)} – {local(end)}"


def components_text(window: MaintenanceWindow) -> str:
    names = [str(component) for component in window.components.all()]
    return ", ".join(names) if names else "All components"


def state_badge(window: MaintenanceWindow) -> str:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATE_BADGES[window.state], window.get_state_display()
    )


class MaintenanceWindowTable(tables.Table):
    """Compliance is assessed for the page's windows together, in a fixed number of queries."""

    detail_url_name = "slas:maintenancewindow_detail"

    id = tables.Column(verbose_name="#", linkify=lambda table, record: table.detail_url(record))
    title = tables.Column(linkify=lambda table, record: table.detail_url(record))
    vendor = tables.Column(order_by="vendor__name")
    components = tables.Column(empty_values=(), orderable=False)
    planned = tables.Column(empty_values=(), order_by=("planned_start", "planned_end"), verbose_name="Planned")
    duration = tables.Column(empty_values=(), order_by="planned_duration")
    state = tables.Column()
    compliance = tables.Column(empty_values=(), orderable=False)
    announced_at = tables.Column(verbose_name="Announced")
    actual = tables.Column(empty_values=(), order_by=("actual_start", "actual_end"), verbose_name="Actual")

    class Meta:
        model = MaintenanceWindow
        fields = (
            "id",
            "title",
            "vendor",
            "components",
            "planned",
            "duration",
            "state",
            "compliance",
            "announced_at",
            "actual",
        )
        empty_text = "No maintenance windows match these filters."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compliance: dict[int, MaintenanceCompliance] = {}

    def detail_url(self, record: MaintenanceWindow) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": record.pk})

    def compliance_of(self, record: MaintenanceWindow) -> MaintenanceCompliance:
        if record.pk not in self._compliance:
            # The rows being rendered (the page, or every row of an export) were fetched
            # already; assess them all at once rather than one query per row.
            windows = [row.record for row in self.paginated_rows]
            self._compliance = maintenance_compliance(windows if record in windows else [record])
        return self._compliance[record.pk]

    def render_components(self, record: MaintenanceWindow) -> str:
        return components_text(record)

    def value_components(self, record: MaintenanceWindow) -> str:
        return components_text(record)

    def render_planned(self, record: MaintenanceWindow) -> str:
        return span(record.planned_start, record.planned_end)

    def value_planned(self, record: MaintenanceWindow) -> str:
        return f"{local(record.planned_start)} – {local(record.planned_end)}"

    def render_duration(self, record: MaintenanceWindow) -> str:
        return format_duration(record.planned_end - record.planned_start)

    def render_state(self, record: MaintenanceWindow) -> str:
        return state_badge(record)

    def value_state(self, record: MaintenanceWindow) -> str:
        return record.get_state_display()

    def render_compliance(self, record: MaintenanceWindow) -> str:
        compliance = self.compliance_of(record)
        if not compliance.assessed:
            return format_html('<span class="text-body-secondary">{}</span>', compliance.label)
        return format_html(
            '<span class="badge text-bg-{}" title="{}">{}</span>',
            compliance.colour,
            " ".join(compliance.problems) or "Keeps to the contract's maintenance rules.",
            compliance.label,
        )

    def value_compliance(self, record: MaintenanceWindow) -> str:
        compliance = self.compliance_of(record)
        return "; ".join((compliance.label, *compliance.problems))

    def render_announced_at(self, record: MaintenanceWindow) -> str:
        return local(record.announced_at)

    def value_announced_at(self, record: MaintenanceWindow) -> str:
        return local(record.announced_at)

    def render_actual(self, record: MaintenanceWindow) -> str:
        return span(record.actual_start, record.actual_end) or "—"

    def value_actual(self, record: MaintenanceWindow) -> str:
        if record.actual_start is None:
            return ""
        return f"{local(record.actual_start)} – {local(record.actual_end) or 'running'}"
