"""The figures of every page, portal page and PDF: ``{% load formatting %}``, then
``|number``, ``|percent`` (``|percent:1`` for a computed share), ``|money:currency``,
``|quantity:unit``, ``|hours`` (business seconds), ``|minutes`` and ``|elapsed`` (wall-clock
lengths), ``|duration`` (an SLA target as it is typed: ``4h``, ``1h30m``). See ``core.formatting``."""

import datetime

from django import template

from core import formatting
from core.durations import format_duration

register = template.Library()

register.filter("number", formatting.format_number)
register.filter("percent", formatting.format_percent)
register.filter("money", formatting.format_money)
register.filter("quantity", formatting.format_quantity)
register.filter("hours", formatting.format_hours)
register.filter("minutes", formatting.format_minutes)
register.filter("elapsed", formatting.format_elapsed)


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A target duration as ``15m``, ``4h``, ``30h`` (or a dash when there is none)."""
    return format_duration(value) or "—"
