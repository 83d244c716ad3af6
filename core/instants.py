"""Instants people and systems may send: within a sane range, with a real UTC offset.

Python and PostgreSQL both accept year 1 and offsets up to ±24 h; such values overflow when
converted to UTC, or are stored as BC dates that later break every list sorted by them. Every
instant read from input (API fields, filters, forms, CSV imports) goes through ``instant_problem``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

FIRST_YEAR = 1990
LAST_YEAR = 2100
MAX_OFFSET = datetime.timedelta(hours=14)
RANGE_TEXT = f"between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"


def instant_problem(value: datetime.datetime) -> str | None:
    """Why ``value`` is not an acceptable instant, or None when it is. A naive value is read
    later in hospital time, so only its year is checked here."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        return "The UTC offset must be within ±14:00."
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"Give a date and time {RANGE_TEXT}."
    return None


def instant_check(value: datetime.datetime) -> None:
    """Raise Django's ValidationError (code ``instant_range``) for an unacceptable instant."""
    problem = instant_problem(value)
    if problem:
        raise ValidationError(problem, code="instant_range")


def day_check(value: datetime.date) -> None:
    """Raise Django's ValidationError for a day outside the range (a filter's "from" or "until"
    day becomes an instant in hospital time)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Give a date {RANGE_TEXT}.", code="instant_range")


def instant_parse(text: str, *, naive_is_local: bool) -> datetime.datetime | str:
    """The aware instant of an ISO 8601 ``text``, or a message saying what is wrong with it.
    Without an offset the text is hospital time if ``naive_is_local``, else refused."""
    try:
        instant = parse_datetime(text.strip())
    except ValueError:
        instant = None
    if instant is None:
        if naive_is_local:
            return f"“{text}” is not a date and time like 2026-10-05 14:30 or 2026-10-05T14:30+02:00."
        return f"“{text}” is not an ISO 8601 date and time, like 2026-10-05T14:30:00+02:00."
    problem = instant_problem(instant)
    if problem:
        return problem
    if timezone.is_naive(instant):
        if not naive_is_local:
            return "Give the ISO 8601 date and time with its UTC offset, e.g. 2026-10-05T14:30:00+02:00 or …Z."
        instant = timezone.make_aware(instant)
    return instant
