"""Incident tables (their badges: ``slas.badges``, shared with the incident pages)."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formatting import format_elapsed
from slas.badges import attributable_badge, badge, impact_badge, review_badge
from slas.models import Incident, IncidentReview

NOWRAP = {"td": {"class": "text-nowrap"}}
# Twelve columns: keep the title readable rather than squeezed into a word per line.
TITLE_WIDTH = {"td": {"style": "min-width: 10rem"}}
WIDE_SCREENS_ONLY = {"th": {"class": "d-none d-xxl-table-cell"}, "td": {"class": "d-none d-xxl-table-cell"}}


def _local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _instant_cell(value: datetime.datetime) -> SafeString:
    """Y-m-d H:i that may wrap between the date and the time, never inside either."""
    local = timezone.localtime(value)
    return format_html(
        '<span class="text-nowrap">{}</span> <span class="text-nowrap">{}</span>',
        local.strftime("%Y-%m-%d"),
        local.strftime("%H:%M"),
    )


def _review(record: Incident) -> IncidentReview | None:
    return getattr(record, "review", None)


class IncidentTable(tables.Table):
    id = tables.Column(verbose_name="#", linkify=True, attrs=NOWRAP)
    title = tables.Column(linkify=True, attrs=TITLE_WIDTH)
    vendor = tables.Column(order_by="vendor__name")
    components = tables.Column(empty_values=(), orderable=False)
    impact = tables.Column()
    started_at = tables.Column(verbose_name="Started")
    ended_at = tables.Column(empty_values=(), verbose_name="Ended")
    duration = tables.Column(empty_values=(), attrs=NOWRAP)
    # Hidden below 1400 pixels so the table fits a laptop (still in the export and on the page).
    detected_by = tables.Column(verbose_name="Detected by", attrs=WIDE_SCREENS_ONLY)
    cause_category = tables.Column(verbose_name="Cause")
    vendor_attributable = tables.Column(verbose_name="Attributable")
    review = tables.Column(accessor="review__status", verbose_name="Review", empty_values=())

    class Meta:
        model = Incident
        fields = (
            "id",
            "title",
            "vendor",
            "components",
            "impact",
            "started_at",
            "ended_at",
            "duration",
            "detected_by",
            "cause_category",
            "vendor_attributable",
            "review",
        )
        empty_text = "No incidents match these filters."

    def render_id(self, record: Incident) -> str:
        return f"INC-{record.pk}"

    def value_id(self, record: Incident) -> str:
        return f"INC-{record.pk}"

    def render_components(self, record: Incident) -> str:
        return ", ".join(component.name for component in record.components.all()) or "—"

    def value_components(self, record: Incident) -> str:
        return self.render_components(record)

    def render_impact(self, record: Incident) -> SafeString:
        return impact_badge(record)

    def value_impact(self, record: Incident) -> str:
        return record.get_impact_display()

    def render_started_at(self, record: Incident) -> SafeString:
        return _instant_cell(record.started_at)

    def value_started_at(self, record: Incident) -> str:
        return _local(record.started_at)

    def render_ended_at(self, record: Incident) -> SafeString | str:
        if record.is_open:
            return badge("danger", "Ongoing")
        return _instant_cell(record.ended_at)

    def value_ended_at(self, record: Incident) -> str:
        return "Ongoing" if record.is_open else _local(record.ended_at)

    def render_duration(self, record: Incident) -> str:
        return format_elapsed(getattr(record, "duration", None))

    def value_duration(self, record: Incident) -> str:
        return self.render_duration(record)

    def render_vendor_attributable(self, record: Incident) -> SafeString:
        return attributable_badge(record)

    def value_vendor_attributable(self, record: Incident) -> str:
        return record.get_vendor_attributable_display()

    def render_review(self, record: Incident) -> SafeString:
        return review_badge(_review(record))

    def value_review(self, record: Incident) -> str:
        review = _review(record)
        return review.get_status_display() if review else ""
