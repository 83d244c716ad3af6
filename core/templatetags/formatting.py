import datetime

from django import template

from core.durations import format_duration

register = template.Library()


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A target duration as ``15m``, ``4h``, ``30h`` (or a dash when there is none)."""
    return format_duration(value) or "—"
