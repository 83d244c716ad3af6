"""Incident badges: status as text and colour, the same in the incident tables and pages."""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from slas.models import FollowUpAction, Incident, IncidentReview

IMPACT_COLOURS = {"down": "danger", "degraded": "warning"}
ATTRIBUTABLE_COLOURS = {"yes": "secondary", "no": "success", "disputed": "warning"}
REVIEW_COLOURS = {"draft": "secondary", "in_review": "info", "completed": "success"}
FOLLOW_UP_COLOURS = {"open": "primary", "done": "success", "dropped": "secondary"}


def badge(colour: str, label: str) -> SafeString:
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)


def impact_badge(incident: Incident) -> SafeString:
    return badge(IMPACT_COLOURS[incident.impact], incident.get_impact_display())


def attributable_badge(incident: Incident) -> SafeString:
    return badge(ATTRIBUTABLE_COLOURS[incident.vendor_attributable], incident.get_vendor_attributable_display())


def review_badge(review: IncidentReview | None) -> SafeString:
    if review is None:
        return badge("secondary", "None")
    return badge(REVIEW_COLOURS[review.status], review.get_status_display())


def follow_up_badge(action: FollowUpAction) -> SafeString:
    return badge(FOLLOW_UP_COLOURS[action.status], action.get_status_display())
