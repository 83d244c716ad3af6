"""Badges on the incident pages, the same as in the incident tables (``slas.badges``; lengths of
time: ``core.formatting``)."""

from django import template
from django.utils.safestring import SafeString

from slas import badges
from slas.models import FollowUpAction, Incident, IncidentReview

register = template.Library()


@register.simple_tag
def impact_badge(incident: Incident) -> SafeString:
    return badges.impact_badge(incident)


@register.simple_tag
def attributable_badge(incident: Incident) -> SafeString:
    return badges.attributable_badge(incident)


@register.simple_tag
def review_badge(review: IncidentReview | None) -> SafeString:
    return badges.review_badge(review)


@register.simple_tag
def follow_up_badge(action: FollowUpAction) -> SafeString:
    return badges.follow_up_badge(action)
