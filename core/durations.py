"""Durations as people write them in SLAs: ``15m``, ``4h``, ``1h30m``, ``30h`` or ``hh:mm``."""

import datetime
import re

from django.utils.dateparse import parse_duration as django_parse_duration

# No "days": targets run in business time, where a day is not 24 hours; write 30h, not 3d.
_UNITS = re.compile(r"^(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?$")
_CLOCK = re.compile(r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::00)?$")
_DJANGO_NOTATION = re.compile(r"^(\d+ \d+:\d\d:\d\d|p.*)$")


def parse_duration(text: str) -> datetime.timedelta | None:
    """The duration ``text`` names, or None when it is not one of the accepted forms."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    try:
        if _DJANGO_NOTATION.match(cleaned):
            # Django's own notation ("1 06:00:00", ISO 8601 "P1DT6H"), as the API writes durations.
            return django_parse_duration(text.strip())
        match = _CLOCK.match(cleaned) or _UNITS.match(cleaned)
        if match is None or not any(match.groupdict().values()):
            return None
        parts = {key: int(value or 0) for key, value in match.groupdict().items()}
        return datetime.timedelta(hours=parts["h"], minutes=parts["m"])
    except OverflowError:  # more hours than a timedelta holds: not a duration anyone means
        return None


def format_duration(value: datetime.timedelta | None) -> str:
    """``4h``, ``15m``, ``1h30m``, ``30h``: hours rather than days, because SLA targets run in
    business time, where a day is not 24 hours."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m"
