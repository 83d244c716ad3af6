"""The table of upgrade and change plans (hospital list; the portal's links to its own pages and
leaves the vendor out). States are text badges, never colour alone."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from operations.models import ChangePlan
from operations.tables.lifecycle import NOWRAP, NUMBER, release_text

STATE_COLOURS = {
    "draft": "secondary",
    "proposed": "info",
    "approved": "primary",
    "go": "success",
    "in_progress": "warning",
    "done": "success",
    "rolled_back": "danger",
    "cancelled": "dark",
}


def state_badge(plan: ChangePlan) -> SafeString:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLOURS[plan.state], plan.get_state_display())


def change_text(plan: ChangePlan) -> str:
    before = release_text(plan.from_version, plan.from_patch_level)
    after = release_text(plan.to_version, plan.to_patch_level)
    return f"{before} → {after}" if before else f"→ {after}"


class ChangePlanTable(tables.Table):
    detail_url_name = "operations:changeplan_detail"

    title = tables.Column(verbose_name="Plan")
    vendor = tables.Column(order_by=("vendor__name",))
    component = tables.Column(order_by=("component__name",))
    kind = tables.Column()
    change = tables.Column(empty_values=(), orderable=False, verbose_name="From → to")
    window_start = tables.Column(verbose_name="Window", attrs=NOWRAP)
    state = tables.Column()
    open_checks = tables.Column(verbose_name="Open items", attrs=NUMBER)

    class Meta:
        model = ChangePlan
        fields = ("title", "vendor", "component", "kind", "change", "window_start", "state", "open_checks")
        order_by = ("-window_start",)
        empty_text = "No plan matches these filters."

    def render_title(self, record: ChangePlan) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse(self.detail_url_name, args=[record.pk]), str(record))

    def value_title(self, record: ChangePlan) -> str:
        return str(record)

    def render_change(self, record: ChangePlan) -> str:
        return change_text(record)

    def render_window_start(self, value: datetime.datetime) -> str:
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

    def render_state(self, record: ChangePlan) -> SafeString:
        return state_badge(record)

    def value_state(self, record: ChangePlan) -> str:
        return record.get_state_display()
