"""The table of backup and DR tests (hospital list; the portal's links to its own pages and
leaves the vendor out). Overdue is a text badge, never colour alone."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from operations.models import RecoveryTest, RecoveryTestRun
from operations.pages.recovery import due_text
from operations.tables.lifecycle import NOWRAP


class RecoveryTestTable(tables.Table):
    detail_url_name = "operations:recoverytest_detail"

    test = tables.Column(empty_values=(), verbose_name="Test", order_by=("kind",))
    vendor = tables.Column(order_by=("vendor__name",))
    component = tables.Column(order_by=("component__name",))
    targets = tables.Column(empty_values=(), orderable=False, verbose_name="RTO / RPO target")
    last_run_at = tables.Column(verbose_name="Last run", attrs=NOWRAP)
    last_result = tables.Column(verbose_name="Result")
    next_due_on = tables.Column(verbose_name="Next test", attrs=NOWRAP)

    class Meta:
        model = RecoveryTest
        fields = ("test", "vendor", "component", "targets", "last_run_at", "last_result", "next_due_on")
        order_by = ("next_due_on",)
        empty_text = "No test matches these filters."

    def render_test(self, record: RecoveryTest) -> SafeString:
        url = reverse(self.detail_url_name, args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.get_kind_display())

    def value_test(self, record: RecoveryTest) -> str:
        return record.get_kind_display()

    def render_targets(self, record: RecoveryTest) -> str:
        return f"{record.rto_target_minutes} / {record.rpo_target_minutes} min"

    def render_last_run_at(self, value: datetime.datetime) -> str:
        return f"{timezone.localtime(value):%Y-%m-%d}"

    def render_last_result(self, value: str) -> SafeString:
        colour = {"success": "success", "partial": "warning", "failure": "danger"}[value]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, RecoveryTestRun.Result(value).label)

    def render_next_due_on(self, record: RecoveryTest) -> SafeString:
        text, colour = due_text(record, timezone.localdate())
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)

    def value_next_due_on(self, record: RecoveryTest) -> str:
        return f"{record.next_due_on:%Y-%m-%d}"
