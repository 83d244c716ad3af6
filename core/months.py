"""Calendar months in the hospital's time zone: the period of availability figures, credit
statements, KPI roll-ups and monthly reports. A month is named by its first day."""

import datetime

from django.utils import timezone


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_months(month: datetime.date, count: int) -> list[datetime.date]:
    """``count`` months ending with ``month``, oldest first."""
    months = [month_start(month)]
    for _ in range(count - 1):
        months.insert(0, month_start(months[0] - datetime.timedelta(days=1)))
    return months


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month in the hospital's timezone, as aware instants."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(month, datetime.time(0), tzinfo=zone)
    end = datetime.datetime.combine(next_month(month), datetime.time(0), tzinfo=zone)
    return start, end


def last_finished_month(now: datetime.datetime | None = None) -> datetime.date:
    """The first day of the last month that has ended in the hospital's zone."""
    today = timezone.localdate(now or timezone.now())
    return month_start(month_start(today) - datetime.timedelta(days=1))
