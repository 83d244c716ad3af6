"""When a series' meetings fall: python-dateutil rules over the hospital's wall time. Pure: no ORM.

The rule runs on naive local times (the first meeting's wall time in the hospital's zone) and
each occurrence is then placed in that zone, so a Tuesday 10:00 meeting stays Tuesday 10:00
when the clocks change; a wall time that does not exist on a spring-forward day is moved on by
the gap, one that occurs twice takes the first.
"""

import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule

RULES = {
    "weekly": (WEEKLY, 1),
    "biweekly": (WEEKLY, 2),
    "monthly": (MONTHLY, 1),
    "quarterly": (MONTHLY, 3),
}


def _placed(local: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    aware = local.replace(tzinfo=zone, fold=0)
    # A wall time skipped by a spring-forward does not survive the round trip through UTC.
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != local:
        aware = local.replace(tzinfo=zone, fold=1)
    return aware.astimezone(datetime.UTC)


def occurrences(
    *,
    first_start: datetime.datetime,
    frequency: str,
    zone: ZoneInfo,
    after: datetime.datetime,
    before: datetime.datetime,
    until: datetime.date | None = None,
) -> list[datetime.datetime]:
    """The starts (UTC instants) of a series from ``after`` (inclusive) to ``before``
    (exclusive), none later than the day ``until`` in the hospital's zone. ``"once"`` has one.
    A monthly rule on the 29th to 31st falls on the month's last day in shorter months."""
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    if frequency == "once":
        starts = [first_start.astimezone(datetime.UTC)]
    else:
        rule_frequency, interval = RULES[frequency]
        bymonthday = (local_first.day, -1) if rule_frequency == MONTHLY and local_first.day > 28 else None
        rule = rrule(
            rule_frequency,
            interval=interval,
            dtstart=local_first,
            bymonthday=bymonthday,
            until=datetime.datetime.combine(until, datetime.time.max) if until else None,
        )
        window_start = after.astimezone(zone).replace(tzinfo=None) - datetime.timedelta(days=1)
        window_end = before.astimezone(zone).replace(tzinfo=None) + datetime.timedelta(days=1)
        locals_ = rule.between(window_start, window_end, inc=True)
        if bymonthday:
            locals_ = _once_a_month(locals_)
        starts = [_placed(local, zone) for local in locals_]
    return [
        start
        for start in starts
        if after <= start < before and (until is None or start.astimezone(zone).date() <= until)
    ]


def _once_a_month(locals_: list[datetime.datetime]) -> list[datetime.datetime]:
    """With ``bymonthday=(30, -1)`` a 31-day month yields the 30th and the 31st: keep the first."""
    kept: dict[tuple[int, int], datetime.datetime] = {}
    for local in locals_:
        kept.setdefault((local.year, local.month), local)
    return list(kept.values())
