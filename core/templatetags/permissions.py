"""``{% load permissions %}{% if user|can:"ticket.resolve" %}``: a page offers only the actions
its user's role may take (``core.permissions``)."""

from django import template

from core.permissions import AnyUser
from core.permissions import can as user_can

register = template.Library()


@register.filter
def can(user: AnyUser, action: str) -> bool:
    return user_can(user, action)
