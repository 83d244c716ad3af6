"""The action register's table over the register's rows (``action_sources.COLUMNS``)."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_tables2.utils import OrderByTuple

from core.links import Audience, object_url
from governance import action_sources
from governance.models import ActionStatus, Side

STATUS_LABELS = {**dict(ActionStatus.choices), "open": "Open"}
SIDE_LABELS = dict(Side.choices)


class ActionRegisterTable(tables.Table):
    r_due_date = tables.Column(verbose_name="Due")
    r_description = tables.Column(verbose_name="Action")
    r_vendor_name = tables.Column(verbose_name="Vendor")
    r_owner_name = tables.Column(verbose_name="Owner")
    r_side = tables.Column(verbose_name="Side")
    r_status = tables.Column(verbose_name="Status")
    r_source = tables.Column(verbose_name="Source")

    class Meta:
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = "No open actions match. Actions agreed in meetings and incident follow-ups appear here."

    def __init__(self, *args: object, audience: Audience = Audience.HOSPITAL, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.audience = audience
        self.today = timezone.localdate()
        self.source_labels = dict(action_sources.source_choices())

    def show_order(self, sort: str) -> None:
        """Mark the column the rows are sorted by (the selector sorted them, in the database),
        so its header shows the direction and toggles it; the rows are not sorted again."""
        if sort.lstrip("-") in self.columns.names():
            self._order_by = OrderByTuple((sort,))

    def render_r_due_date(self, value: datetime.date | None) -> SafeString:
        if value is None:
            return format_html('<span class="text-muted">No date</span>')
        if value < self.today:
            return format_html('{} <span class="badge text-bg-danger">Overdue</span>', value.strftime("%d %b %Y"))
        return format_html("{}", value.strftime("%d %b %Y"))

    def value_r_due_date(self, value: datetime.date | None) -> str:
        return value.isoformat() if value else ""

    def render_r_description(self, record: dict, value: str) -> SafeString:
        url = object_url(record["r_parent_model"], record["r_parent_id"], audience=self.audience)
        return format_html('<a href="{}">{}</a>', url, value)

    def render_r_side(self, value: str) -> str:
        return SIDE_LABELS.get(value, "Not stated")

    def render_r_status(self, value: str) -> SafeString:
        colour = "warning" if value == ActionStatus.IN_PROGRESS else "primary"
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, STATUS_LABELS.get(value, value))

    def value_r_status(self, value: str) -> str:
        return STATUS_LABELS.get(value, value)

    def render_r_source(self, value: str) -> str:
        return self.source_labels.get(value, value)

    def render_r_owner_name(self, value: str | None) -> str:
        return value or "—"
