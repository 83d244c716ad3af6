"""Tables of meetings and decisions; status as text and colour."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from governance.models import Decision, Meeting

STATUS_COLOURS = {"scheduled": "primary", "started": "success", "cancelled": "secondary"}


def status_badge(meeting: Meeting) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS[meeting.status], meeting.get_status_display()
    )


class MeetingTable(tables.Table):
    starts_at = tables.DateTimeColumn(verbose_name="When", format="D d M Y, H:i", linkify=True)
    series = tables.Column(verbose_name="Meeting", accessor="series__title", order_by="series__title")
    kind = tables.Column(verbose_name="Kind", accessor="series__kind", order_by="series__kind")
    vendor = tables.Column(linkify=True)
    status = tables.Column()

    class Meta:
        model = Meeting
        fields = ["starts_at", "series", "kind", "vendor", "status"]
        order_by = ("starts_at",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = "No meetings yet. Set up a series with a vendor: its meetings appear here."

    def render_kind(self, record: Meeting) -> str:
        return record.series.get_kind_display()

    def render_status(self, record: Meeting) -> SafeString:
        return status_badge(record)

    def value_status(self, record: Meeting) -> str:
        return record.get_status_display()


class DecisionTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name="Recorded", format="d M Y")
    text = tables.Column(verbose_name="Decision")
    meeting = tables.Column(linkify=True)
    vendor = tables.Column()

    class Meta:
        model = Decision
        fields = ["created_at", "text", "meeting", "vendor"]
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = "No decisions recorded. Decisions taken in a meeting's minutes appear here."

    def render_created_at(self, value: object) -> str:
        return timezone.localtime(value).strftime("%d %b %Y")
