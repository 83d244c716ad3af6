"""The table of security assessments; the portal's subclass links to its own pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from compliance.models import Assessment

NUMERIC = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class AssessmentTable(tables.Table):
    detail_url_name = "compliance:assessment_detail"

    title = tables.Column(linkify=lambda table, record: table.detail_url(record))
    vendor = tables.Column(linkify=True)
    kind = tables.Column()
    planned_on = tables.DateColumn(verbose_name="Planned", format="Y-m-d")
    performed_on = tables.DateColumn(verbose_name="Performed", format="Y-m-d")
    finding_count = tables.Column(verbose_name="Findings", attrs=NUMERIC)
    open_count = tables.Column(verbose_name="Unresolved", attrs=NUMERIC)
    overdue_count = tables.Column(verbose_name="Overdue", attrs=NUMERIC)
    unowned_count = tables.Column(verbose_name="No owner", attrs=NUMERIC)

    class Meta:
        model = Assessment
        fields = ("title", "vendor", "kind", "planned_on", "performed_on")
        sequence = ("title", "vendor", "kind", "planned_on", "performed_on", "finding_count", "open_count")
        empty_text = "No security assessments yet: plan an audit, a penetration test or a tabletop exercise."

    def detail_url(self, record: Assessment) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": record.pk})

    def render_overdue_count(self, value: int) -> SafeString | int:
        if value:
            return format_html('<span class="badge text-bg-danger">{} overdue</span>', value)
        return 0

    def render_unowned_count(self, value: int) -> SafeString | int:
        if value:
            return format_html('<span class="badge text-bg-warning">{} without owner</span>', value)
        return 0
