"""Whether one person meets one requirement on a day: pure date arithmetic, no ORM.

A requirement falls due on its ``deadline`` if it has one; else ``due_within_days`` after the
person's start date, counted from the requirement's ``effective_from`` for people who started
before it (so a new requirement gives everyone already there the same time to comply); without
``due_within_days``, at once (from ``effective_from``). A completion is valid for
``refresher_months`` months after its day (to the same day of the month, or the month's last
day), or for good. The person is compliant while their latest completion is valid; once it
lapses, the next is due on the day it lapsed.
"""

import calendar
import datetime
import functools
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    COMPLIANT = "compliant"
    DUE = "due"  # not (or no longer) completed, due date still ahead
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Rule:
    due_within_days: int | None
    refresher_months: int | None
    deadline: datetime.date | None
    effective_from: datetime.date


@dataclass(frozen=True, slots=True)
class Standing:
    status: Status
    due_on: datetime.date | None  # when the (next) completion is due; None while compliant
    valid_until: datetime.date | None  # the last day the latest completion counts; None: for good
    days_overdue: int = 0


@functools.lru_cache(maxsize=65536)
def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months``, on the same day of the month or the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def first_due(rule: Rule, start_date: datetime.date | None) -> datetime.date:
    if rule.deadline is not None:
        return rule.deadline
    if rule.due_within_days is None:
        return rule.effective_from
    counted_from = max(start_date, rule.effective_from) if start_date else rule.effective_from
    return counted_from + datetime.timedelta(days=rule.due_within_days)


def standing(
    rule: Rule, *, start_date: datetime.date | None, last_completed: datetime.date | None, today: datetime.date
) -> Standing:
    """Where one person stands with one requirement on ``today``."""
    if last_completed is not None:
        if rule.refresher_months is None:
            return Standing(Status.COMPLIANT, None, None)
        lapses_on = add_months(last_completed, rule.refresher_months)
        valid_until = lapses_on - datetime.timedelta(days=1)
        if today <= valid_until:
            return Standing(Status.COMPLIANT, None, valid_until)
        due_on = lapses_on
    else:
        valid_until = None
        due_on = first_due(rule, start_date)
    if today > due_on:
        return Standing(Status.OVERDUE, due_on, valid_until, (today - due_on).days)
    return Standing(Status.DUE, due_on, valid_until)
