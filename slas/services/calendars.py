"""Writes on business calendars: windows, holidays, and public holidays from the `holidays` package."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from slas.models import BusinessCalendar, CalendarWindow, Holiday
from slas.models.calendars import calendar_spec


@dataclass(frozen=True)
class WindowInput:
    weekday: int
    start: datetime.time
    end: datetime.time


def _check(calendar: BusinessCalendar, windows: list[CalendarWindow], holidays: list[Holiday]) -> None:
    if not calendar.always_open and not windows:
        raise ValidationError("Give the calendar at least one weekly window, or mark it always open (24x7).")
    try:
        calendar_spec(calendar, windows, holidays)
    except ValueError as error:
        message = str(error)
        raise ValidationError(f"{message[:1].upper()}{message[1:]}.") from error


@transaction.atomic
def calendar_save(*, calendar: BusinessCalendar, windows: list[WindowInput]) -> BusinessCalendar:
    """Save a calendar with its weekly windows, replacing the windows it had. Windows must lie
    within one day, end after they start and not overlap on a weekday; a calendar that is not
    24x7 needs at least one."""
    rows = [CalendarWindow(weekday=w.weekday, start=w.start, end=w.end) for w in windows]
    for row in rows:
        if row.end != datetime.time(0) and row.end <= row.start:
            raise ValidationError(f"{row.get_weekday_display()}: a window must end after it starts.")
    calendar.full_clean()
    _check(calendar, rows, list(calendar.holidays.all()) if calendar.pk else [])
    calendar.save()
    calendar.windows.all().delete()
    for row in rows:
        row.calendar = calendar
    CalendarWindow.objects.bulk_create(rows)
    return calendar


@transaction.atomic
def holiday_add(
    *,
    calendar: BusinessCalendar,
    name: str,
    date: datetime.date,
    end_date: datetime.date | None = None,
    source: str = "",
) -> Holiday:
    holiday = Holiday(calendar=calendar, name=name, date=date, end_date=end_date, source=source)
    holiday.full_clean()
    holiday.save()
    calendar.save(update_fields=["updated_at"])  # clocks cached on this calendar are stale now
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday) -> None:
    calendar = holiday.calendar
    holiday.delete()
    calendar.save(update_fields=["updated_at"])


@dataclass(frozen=True)
class PublicHoliday:
    date: datetime.date
    name: str


def public_holidays_preview(*, country: str, subdivision: str, years: list[int]) -> list[PublicHoliday]:
    """The public holidays of a country (and region) in the given years, for review."""
    import holidays as holiday_data  # a large package, loaded only when someone asks for holidays

    supported = holiday_data.list_supported_countries()
    country, subdivision = country.upper(), subdivision.upper()
    if country not in supported:
        raise ValidationError({"country": f"No public holidays are known for “{country}”."})
    if subdivision and subdivision not in supported[country]:
        known = ", ".join(supported[country]) or "none"
        raise ValidationError({"subdivision": f"“{subdivision}” is not a region of {country}; known regions: {known}."})
    # Names in English whatever the server's locale, so imports compare equal across machines.
    found = holiday_data.country_holidays(country, subdiv=subdivision or None, years=years, language="en_US")
    return [PublicHoliday(date=day, name=name) for day, name in sorted(found.items())]


@transaction.atomic
def public_holidays_import(
    *, calendar: BusinessCalendar, country: str, subdivision: str, chosen: list[PublicHoliday]
) -> int:
    """Add the reviewed holidays the calendar does not have yet; returns how many were added."""
    source = f"holidays {country.upper()}" + (f"-{subdivision.upper()}" if subdivision else "")
    existing = set(calendar.holidays.values_list("date", "name"))
    new = [
        Holiday(calendar=calendar, name=entry.name, date=entry.date, source=source)
        for entry in chosen
        if (entry.date, entry.name) not in existing
    ]
    Holiday.objects.bulk_create(new)
    calendar.save(update_fields=["updated_at"])
    return len(new)
