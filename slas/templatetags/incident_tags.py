"""Badges and durations on the incident pages, the same as in the incident tables."""

import datetime

from django import template
from django.utils.safestring import SafeString

from slas.models import FollowUpAction, Incident, IncidentReview
from slas.tables import incidents as incident_tables

register = template.Library()


@register.simple_tag
def impact_badge(incident: Incident) -> SafeString:
    return incident_tables.impact_badge(incident)


@register.simple_tag
def attributable_badge(incident: Incident) -> SafeString:
    return incident_tables.attributable_badge(incident)


@register.simple_tag
def review_badge(review: IncidentReview | None) -> SafeString:
    return incident_tables.review_badge(review)


@register.simple_tag
def follow_up_badge(action: FollowUpAction) -> SafeString:
    return incident_tables.follow_up_badge(action)


@register.filter
def elapsed(value: datetime.timedelta | None) -> str:
    """``3h 05m``, ``2d 4h 10m``: the wall-clock length of an outage."""
    return incident_tables.format_elapsed(value)
