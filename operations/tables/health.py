"""The tables of health assessments: templates, and schedules with overdue as a text badge (the
portal's links to its own pages and leaves the vendor out)."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from operations.models import HealthAssessment, HealthTemplate
from operations.pages.recovery import due_text
from operations.tables.lifecycle import NOWRAP


class HealthTemplateTable(tables.Table):
    name = tables.Column(linkify=True)
    checks = tables.Column(empty_values=(), orderable=False, verbose_name="Checks")
    assessment_count = tables.Column(verbose_name="Components on it")

    class Meta:
        model = HealthTemplate
        fields = ("name", "component_kind", "checks", "assessment_count", "active")
        order_by = ("component_kind", "name")
        empty_text = "No template matches these filters."

    def render_checks(self, record: HealthTemplate) -> int:
        return len(record.check_list)


class HealthAssessmentTable(tables.Table):
    detail_url_name = "operations:healthassessment_detail"

    template = tables.Column(verbose_name="Assessment", order_by=("template__name",))
    vendor = tables.Column(order_by=("vendor__name",))
    component = tables.Column(order_by=("component__name",))
    every_months = tables.Column(verbose_name="Every (months)")
    last_run_on = tables.Column(verbose_name="Last done", attrs=NOWRAP)
    open_findings = tables.Column(verbose_name="Open findings")
    next_due_on = tables.Column(verbose_name="Next due", attrs=NOWRAP)

    class Meta:
        model = HealthAssessment
        fields = ("template", "vendor", "component", "every_months", "last_run_on", "open_findings", "next_due_on")
        order_by = ("next_due_on",)
        empty_text = "No assessment matches these filters."

    def render_template(self, record: HealthAssessment) -> SafeString:
        url = reverse(self.detail_url_name, args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.template)

    def value_template(self, record: HealthAssessment) -> str:
        return str(record.template)

    def render_last_run_on(self, value: datetime.date) -> str:
        return f"{value:%Y-%m-%d}"

    def render_next_due_on(self, record: HealthAssessment) -> SafeString:
        text, colour = due_text(record, timezone.localdate())
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)

    def value_next_due_on(self, record: HealthAssessment) -> str:
        return f"{record.next_due_on:%Y-%m-%d}"
