"""Reads on business calendars: the list, and a calendar's clock (cached per process until the
calendar changes)."""

import datetime
from functools import lru_cache

from django.db.models import QuerySet

from slas.clock import BusinessClock
from slas.models import BusinessCalendar
from slas.models.calendars import calendar_spec


def calendar_list() -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.prefetch_related("windows")


def calendar_clock(calendar: BusinessCalendar) -> BusinessClock:
    """A clock for the calendar as last saved (cached per process until the calendar changes)."""
    return _clock(calendar.pk, calendar.updated_at)


def current_calendar_clock(calendar_id: int) -> BusinessClock:
    """The calendar's clock as it is in the database now (one small query), for callers whose
    calendar object may be older than its last holiday change."""
    updated_at = BusinessCalendar.objects.filter(pk=calendar_id).values_list("updated_at", flat=True).get()
    return _clock(calendar_id, updated_at)


@lru_cache(maxsize=256)
def _clock(calendar_id: int, updated_at: datetime.datetime) -> BusinessClock:
    calendar = BusinessCalendar.objects.get(pk=calendar_id)
    return BusinessClock(calendar_spec(calendar, list(calendar.windows.all()), list(calendar.holidays.all())))
