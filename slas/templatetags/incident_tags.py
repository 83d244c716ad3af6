"""Badges on the incident pages, the same as in the incident tables (lengths of time:
``core.formatting``)."""

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
