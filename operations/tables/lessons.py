"""The table of lessons-learned reviews (hospital list; the portal's links to its own pages and
leaves the vendor out)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from operations.models import LessonsReview
from operations.tables.lifecycle import NOWRAP, NUMBER
from operations.tables.plans import state_badge


class LessonsReviewTable(tables.Table):
    detail_url_name = "operations:lessonsreview_detail"

    plan = tables.Column(verbose_name="Change", order_by=("plan__title",))
    vendor = tables.Column(order_by=("vendor__name",))
    component = tables.Column(accessor="plan__component", verbose_name="Component", order_by=("plan__component__name",))
    outcome = tables.Column(accessor="plan__state", verbose_name="Outcome")
    held_on = tables.Column(verbose_name="Held on", attrs=NOWRAP)
    open_actions = tables.Column(verbose_name="Open actions", attrs=NUMBER)

    class Meta:
        model = LessonsReview
        fields = ("plan", "vendor", "component", "outcome", "held_on", "open_actions")
        order_by = ("-held_on",)
        empty_text = "No review matches these filters."

    def render_plan(self, record: LessonsReview) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse(self.detail_url_name, args=[record.pk]), str(record.plan))

    def value_plan(self, record: LessonsReview) -> str:
        return str(record.plan)

    def render_outcome(self, record: LessonsReview) -> SafeString:
        return state_badge(record.plan)

    def value_outcome(self, record: LessonsReview) -> str:
        return record.plan.get_state_display()
