import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from slas.models import Metric
from tickets.models import SlaClock, Ticket

SEVERITY_BADGES = {"P1": "danger", "P2": "warning", "P3": "info", "P4": "secondary"}
STATUS_BADGES = {
    "new": "primary",
    "acknowledged": "info",
    "in_progress": "info",
    "waiting_on_hospital": "warning",
    "resolved": "success",
    "closed": "secondary",
}


def sla_state(ticket: Ticket) -> tuple[str, str]:
    """(label, colour) for the ticket's SLA as people read it: Breached, Paused, Due soon, On track,
    Met, or No SLA. Uses the prefetched clocks."""
    clocks = list(ticket.clocks.all())
    if not clocks:
        return "No SLA", "secondary"
    states = {clock.state for clock in clocks}
    if SlaClock.State.BREACHED in states:
        return "Breached", "danger"
    if SlaClock.State.PAUSED in states and SlaClock.State.RUNNING not in states:
        return "Paused", "warning"
    now = timezone.now()
    for clock in clocks:
        if clock.state == SlaClock.State.RUNNING and clock.due_at and clock.due_at <= now:
            return "Breached", "danger"
    running = [clock for clock in clocks if clock.state == SlaClock.State.RUNNING]
    if running:
        return "On track", "success"
    return "Met", "success"


def due_of(ticket: Ticket, metric: str) -> object:
    for clock in ticket.clocks.all():
        if clock.metric == metric and clock.state == SlaClock.State.RUNNING:
            return clock.due_at
    return None


class TicketTable(tables.Table):
    id = tables.Column(verbose_name="#", linkify=True)
    title = tables.Column(linkify=True)
    vendor = tables.Column()
    severity = tables.Column()
    status = tables.Column()
    sla = tables.Column(empty_values=(), orderable=False, verbose_name="SLA")
    response_due = tables.Column(empty_values=(), orderable=False, verbose_name="Response due")
    resolution_due = tables.Column(empty_values=(), orderable=False, verbose_name="Resolution due")
    opened_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Opened")

    class Meta:
        model = Ticket
        fields = ("id", "title", "vendor", "severity", "status", "sla", "response_due", "resolution_due", "opened_at")

    def render_severity(self, record: Ticket) -> str:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', SEVERITY_BADGES[record.severity], record.severity
        )

    def render_status(self, record: Ticket) -> str:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_BADGES[record.status], record.get_status_display()
        )

    def value_opened_at(self, record: Ticket) -> str:
        return timezone.localtime(record.opened_at).strftime("%Y-%m-%d %H:%M")

    def value_severity(self, record: Ticket) -> str:
        return record.severity

    def value_status(self, record: Ticket) -> str:
        return record.get_status_display()

    def render_sla(self, record: Ticket) -> str:
        label, colour = sla_state(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_sla(self, record: Ticket) -> str:
        return sla_state(record)[0]

    def _due(self, record: Ticket, metric: str) -> str:
        due = due_of(record, metric)
        return timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "—"

    def render_response_due(self, record: Ticket) -> str:
        return self._due(record, Metric.RESPONSE)

    def render_resolution_due(self, record: Ticket) -> str:
        return self._due(record, Metric.RESOLUTION)
