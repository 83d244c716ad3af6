"""BusinessClock.open_intervals: the open stretches of a calendar in a range, as UTC instants.
Maintenance compliance depends on it (the allowed Sunday window), so hand cases around DST and
holidays, and properties tying it to ``between`` for any calendar."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from slas.clock import BusinessClock, CalendarSpec, Window
from slas.tests.test_clock import BERLIN_OFFICE, calendars, durations, instants, weekdays
from slas.uptime import merge, total

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
H = dt.timedelta(hours=1)
SUNDAY, SATURDAY = 6, 5
SUNDAY_NIGHT = CalendarSpec("Europe/Berlin", (Window(SUNDAY, 0, 360),))


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- hand-computed cases -------------------------------------------------------------------


def test_two_sunday_windows_in_a_fortnight() -> None:
    stretches = BusinessClock(SUNDAY_NIGHT).open_intervals(berlin(2026, 10, 5), berlin(2026, 10, 19))
    # Summer time (UTC+2): Sunday 00:00-06:00 is Saturday 22:00 to Sunday 04:00 UTC.
    assert stretches == [(utc(2026, 10, 10, 22), utc(2026, 10, 11, 4)), (utc(2026, 10, 17, 22), utc(2026, 10, 18, 4))]
    assert all(instant.tzinfo is UTC for stretch in stretches for instant in stretch)


def test_sunday_windows_on_the_dst_nights_hold_five_and_seven_hours() -> None:
    clock = BusinessClock(SUNDAY_NIGHT)
    # 29 March 2026: 00:00 CET is 23:00 UTC, 06:00 CEST is 04:00 UTC: five hours.
    assert clock.open_intervals(berlin(2026, 3, 28), berlin(2026, 3, 30)) == [
        (utc(2026, 3, 28, 23), utc(2026, 3, 29, 4))
    ]
    # 25 October 2026: 00:00 CEST is 22:00 UTC, 06:00 CET is 05:00 UTC: seven hours.
    assert clock.open_intervals(berlin(2026, 10, 24), berlin(2026, 10, 26)) == [
        (utc(2026, 10, 24, 22), utc(2026, 10, 25, 5))
    ]


def test_windows_that_overlap_in_real_time_on_the_spring_night_count_once() -> None:
    # Sunday 00:00-02:01 and 03:00-03:01: on 29 March 2026 02:01 does not exist and resolves to
    # 03:01 CEST, so the first window already covers the second one's real minute.
    spec = CalendarSpec("Europe/Berlin", (Window(SUNDAY, 0, 121), Window(SUNDAY, 180, 181)))
    clock = BusinessClock(spec)
    start, end = berlin(2026, 3, 28), berlin(2026, 3, 30)
    assert clock.open_intervals(start, end) == [(utc(2026, 3, 28, 23), utc(2026, 3, 29, 1, 1))]
    assert clock.between(start, end) == 2 * H + dt.timedelta(minutes=1)
    assert clock.add(start, 2 * H + dt.timedelta(minutes=1)) == utc(2026, 3, 29, 1, 1)


def test_the_range_clips_the_stretches() -> None:
    clock = BusinessClock(SUNDAY_NIGHT)
    assert clock.open_intervals(berlin(2026, 10, 11, 2), berlin(2026, 10, 11, 3)) == [
        (utc(2026, 10, 11, 0), utc(2026, 10, 11, 1))
    ]
    # Saturday 22:00 to Sunday 02:00: only the Sunday part.
    assert clock.open_intervals(berlin(2026, 10, 10, 22), berlin(2026, 10, 11, 2)) == [
        (utc(2026, 10, 10, 22), utc(2026, 10, 11, 0))
    ]


def test_nothing_open_or_an_empty_range_gives_no_stretches() -> None:
    clock = BusinessClock(SUNDAY_NIGHT)
    assert clock.open_intervals(berlin(2026, 10, 12), berlin(2026, 10, 17)) == []  # Monday to Saturday
    assert clock.open_intervals(berlin(2026, 10, 11, 3), berlin(2026, 10, 11, 3)) == []
    assert clock.open_intervals(berlin(2026, 10, 11, 5), berlin(2026, 10, 11, 1)) == []


def test_windows_meeting_at_midnight_are_one_stretch() -> None:
    weekend_night = CalendarSpec("Europe/Berlin", (Window(SATURDAY, 18 * 60, 1440), Window(SUNDAY, 0, 360)))
    stretches = BusinessClock(weekend_night).open_intervals(berlin(2026, 10, 10), berlin(2026, 10, 12))
    assert stretches == [(utc(2026, 10, 10, 16), utc(2026, 10, 11, 4))]


def test_several_windows_a_day_and_holidays() -> None:
    split_day = CalendarSpec(
        "Europe/Berlin",
        weekdays("08:00", "12:00") + weekdays("13:00", "17:00"),
        holidays=frozenset({dt.date(2026, 6, 2)}),
    )
    # Monday 1 June to Wednesday 3 June 00:00, Tuesday a holiday: two stretches on Monday.
    assert BusinessClock(split_day).open_intervals(berlin(2026, 6, 1), berlin(2026, 6, 3)) == [
        (utc(2026, 6, 1, 6), utc(2026, 6, 1, 10)),
        (utc(2026, 6, 1, 11), utc(2026, 6, 1, 15)),
    ]
    # Easter 2026 in the Berlin office calendar: Good Friday and Easter Monday closed.
    stretches = BusinessClock(BERLIN_OFFICE).open_intervals(berlin(2026, 4, 2), berlin(2026, 4, 8))
    assert stretches == [(utc(2026, 4, 2, 6), utc(2026, 4, 2, 16)), (utc(2026, 4, 7, 6), utc(2026, 4, 7, 16))]


def test_an_always_open_calendar_is_one_stretch_in_real_time() -> None:
    clock = BusinessClock(CalendarSpec("Europe/Berlin", always_open=True))
    assert clock.open_intervals(berlin(2026, 10, 1), berlin(2026, 11, 1)) == [
        (utc(2026, 9, 30, 22), utc(2026, 10, 31, 23))
    ]


def test_a_range_longer_than_the_days_laid_out_at_once() -> None:
    # Two years of Sundays, more than the 400 days the clock lays out at a time.
    clock = BusinessClock(SUNDAY_NIGHT)
    stretches = clock.open_intervals(berlin(2026, 1, 1), berlin(2028, 1, 1))
    assert len(stretches) == 104  # 2026 and 2027 both have 52 Sundays
    assert total(stretches) == clock.between(berlin(2026, 1, 1), berlin(2028, 1, 1))
    assert total(stretches) == 104 * 6 * H  # the DST nights lose and gain an hour each year


# --- properties ------------------------------------------------------------------------------


def check_stretches(clock: BusinessClock, start: dt.datetime, end: dt.datetime) -> list:
    stretches = clock.open_intervals(start, end)
    assert total(stretches) == clock.between(start, end)
    assert merge(stretches) == stretches  # sorted, separate, none empty
    if stretches:
        assert stretches[0][0] >= start
        assert stretches[-1][1] <= end
    for lower, upper in stretches:
        assert clock.between(lower, upper) == upper - lower  # open all the way
    # The gaps between them (and before and after) are closed.
    edges = [start, *itertools.chain.from_iterable(stretches), end]
    for gap_start, gap_end in zip(edges[::2], edges[1::2], strict=True):
        assert clock.between(gap_start, gap_end) == dt.timedelta(0)
    return stretches


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, durations)
def test_open_intervals_add_up_to_business_time(spec: CalendarSpec, start: dt.datetime, length: dt.timedelta) -> None:
    # Real elapsed time is measured in UTC, not on the wall clock of ``start``'s zone.
    end = start.astimezone(UTC) + length
    check_stretches(BusinessClock(spec), start, end)


@settings(max_examples=100, deadline=None)
@given(calendars(), instants, instants, st.integers(0, 800).map(lambda days: dt.timedelta(days=days)))
def test_a_reused_clock_answers_like_a_fresh_one(
    spec: CalendarSpec, earlier_query: dt.datetime, start: dt.datetime, length: dt.timedelta
) -> None:
    # A clock already laid out around another instant extends its table both ways; the
    # answer must not depend on what it was asked before.
    reused = BusinessClock(spec)
    reused.between(earlier_query, earlier_query + H)
    end = start.astimezone(UTC) + length
    assert check_stretches(reused, start, end) == BusinessClock(spec).open_intervals(start, end)
