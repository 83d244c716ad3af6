"""The table of SLA annual reviews; the due date's state as text and colour."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from governance.models import SlaReview
from governance.selectors.reviews import REMIND_DAYS_AHEAD


def due_badge(review: SlaReview, today: object = None) -> SafeString:
    """Concluded, overdue, due soon (within the first reminder's days) or planned."""
    today = today or timezone.localdate()
    if not review.is_open:
        return format_html('<span class="badge text-bg-secondary">Concluded: {}</span>', review.get_outcome_display())
    days = (review.due_on - today).days
    if days < 0:
        return format_html('<span class="badge text-bg-danger">Overdue by {} days</span>', -days)
    if days == 0:
        return format_html('<span class="badge text-bg-danger">{}</span>', "Due today")
    if days <= REMIND_DAYS_AHEAD[0]:
        return format_html('<span class="badge text-bg-warning">Due in {} days</span>', days)
    return format_html('<span class="badge text-bg-primary">Planned</span>')


class ReviewTable(tables.Table):
    due_on = tables.DateColumn(verbose_name="Due", format="d M Y", linkify=True)
    agreement = tables.Column(verbose_name="Agreement", order_by="agreement__contract__reference")
    vendor = tables.Column(linkify=True)
    period = tables.Column(verbose_name="Year reviewed", accessor="period_start", orderable=False)
    status = tables.Column(verbose_name="State")

    class Meta:
        model = SlaReview
        fields = ["due_on", "agreement", "vendor", "period", "status"]
        order_by = ("due_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = (
            "No SLA reviews yet. Every agreement in force gets its annual review a year after it takes effect; "
            "the daily job opens them."
        )

    def render_period(self, record: SlaReview) -> str:
        return f"{record.period_start:%d %b %Y} to {record.period_end:%d %b %Y}"

    def render_status(self, record: SlaReview) -> SafeString:
        return due_badge(record)

    def value_status(self, record: SlaReview) -> str:
        return record.get_outcome_display() if not record.is_open else f"Open, due {record.due_on:%Y-%m-%d}"
