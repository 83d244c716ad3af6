"""Business-time arithmetic: hand-computed cases around holidays and the 2026 DST changes, and
properties that must hold for any calendar (hypothesis)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slas.clock import BusinessClock, CalendarSpec, ClosedCalendarError, Window

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def weekdays(start: str, end: str, days: range = range(5)) -> tuple[Window, ...]:
    def minute(text: str) -> int:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)

    return tuple(Window(day, minute(start), minute(end)) for day in days)


BERLIN_OFFICE = CalendarSpec(
    "Europe/Berlin",
    weekdays("08:00", "18:00"),
    holidays=frozenset({dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 12, 25)}),
)
BERLIN_24X7 = CalendarSpec("Europe/Berlin", always_open=True)
NEW_YORK_OFFICE = CalendarSpec("America/New_York", weekdays("09:00", "17:00"))


# --- hand-computed cases -------------------------------------------------------------------


def test_p3_opened_friday_afternoon_is_due_monday_morning() -> None:
    opened = dt.datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)
    due = BusinessClock(BERLIN_OFFICE).add(opened, 4 * H)
    # Friday 16:55-18:00 gives 1 h 05; Monday from 08:00 the remaining 2 h 55.
    assert due == dt.datetime(2026, 11, 30, 10, 55, tzinfo=BERLIN)


def test_p1_on_a_24x7_calendar_counts_every_hour() -> None:
    opened = dt.datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)
    assert BusinessClock(BERLIN_24X7).add(opened, 4 * H) == dt.datetime(2026, 11, 27, 20, 55, tzinfo=BERLIN)


def test_easter_holidays_are_skipped() -> None:
    opened = dt.datetime(2026, 4, 2, 17, 0, tzinfo=BERLIN)  # Maundy Thursday
    due = BusinessClock(BERLIN_OFFICE).add(opened, 4 * H)
    # Thursday 17-18, Good Friday and Easter Monday closed, Tuesday 08:00 + 3 h.
    assert due == dt.datetime(2026, 4, 7, 11, 0, tzinfo=BERLIN)
    assert due.utcoffset() == 2 * H  # summer time by then


def test_24x7_across_the_spring_forward_night_in_berlin() -> None:
    start = dt.datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # 00:30 UTC, CET
    due = BusinessClock(BERLIN_24X7).add(start, H)
    assert due.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert due.astimezone(BERLIN).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 30)  # wall clock jumped


def test_24x7_across_the_fall_back_night_in_berlin() -> None:
    start = dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first 02:30
    due = BusinessClock(BERLIN_24X7).add(start, H)
    local = due.astimezone(BERLIN)
    assert (local.hour, local.minute, local.fold) == (2, 30, 1)  # the second 02:30, CET
    assert due.astimezone(UTC) - start == H
    assert BusinessClock(BERLIN_24X7).between(start.astimezone(BERLIN), local) == H


@pytest.mark.parametrize(
    ("day", "hours"),
    [(dt.date(2026, 3, 29), 2), (dt.date(2026, 10, 25), 4), (dt.date(2026, 3, 22), 3)],
)
def test_a_night_window_holds_the_real_hours_on_dst_nights_in_berlin(day: dt.date, hours: int) -> None:
    sunday_night = CalendarSpec("Europe/Berlin", (Window(6, 60, 240),))  # Sunday 01:00-04:00
    start = dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)
    end = dt.datetime.combine(day, dt.time(6), tzinfo=BERLIN)
    assert BusinessClock(sunday_night).between(start, end) == hours * H


def test_new_york_business_hours_across_the_spring_change() -> None:
    opened = dt.datetime(2026, 3, 6, 16, 0, tzinfo=NEW_YORK)  # Friday, EST
    due = BusinessClock(NEW_YORK_OFFICE).add(opened, 2 * H)
    assert due == dt.datetime(2026, 3, 9, 10, 0, tzinfo=NEW_YORK)  # Monday, EDT
    assert due.astimezone(UTC) == dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_new_york_night_window_on_the_fall_back_night() -> None:
    sunday_night = CalendarSpec("America/New_York", (Window(6, 0, 360),))  # Sunday 00:00-06:00
    start = dt.datetime(2026, 11, 1, 0, 0, tzinfo=NEW_YORK)
    end = dt.datetime(2026, 11, 1, 6, 0, tzinfo=NEW_YORK)
    assert BusinessClock(sunday_night).between(start, end) == 7 * H  # 01:00-02:00 happens twice


def test_new_york_night_window_on_the_spring_forward_night() -> None:
    sunday_night = CalendarSpec("America/New_York", (Window(6, 0, 360),))
    start = dt.datetime(2026, 3, 8, 0, 0, tzinfo=NEW_YORK)
    end = dt.datetime(2026, 3, 8, 6, 0, tzinfo=NEW_YORK)
    assert BusinessClock(sunday_night).between(start, end) == 5 * H


def test_several_windows_a_day() -> None:
    split_day = CalendarSpec("Europe/Berlin", weekdays("08:00", "12:00") + weekdays("13:00", "17:00"))
    clock = BusinessClock(split_day)
    start = dt.datetime(2026, 6, 1, 11, 30, tzinfo=BERLIN)  # Monday
    assert clock.add(start, H) == dt.datetime(2026, 6, 1, 13, 30, tzinfo=BERLIN)
    assert clock.between(start, dt.datetime(2026, 6, 1, 18, 0, tzinfo=BERLIN)) == 4 * H + 30 * M


def test_a_pause_over_the_weekend_costs_only_open_time() -> None:
    clock = BusinessClock(BERLIN_OFFICE)
    friday_5pm = dt.datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)
    monday_9am = dt.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert clock.between(friday_5pm, monday_9am) == 2 * H


def test_next_open_instant() -> None:
    clock = BusinessClock(BERLIN_OFFICE)
    saturday = dt.datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN)
    assert clock.next_open(saturday) == dt.datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)
    christmas = dt.datetime(2026, 12, 25, 9, 0, tzinfo=BERLIN)
    assert clock.next_open(christmas) == dt.datetime(2026, 12, 28, 8, 0, tzinfo=BERLIN)
    open_now = dt.datetime(2026, 11, 30, 9, 15, tzinfo=BERLIN)
    assert clock.next_open(open_now) == open_now
    assert clock.is_open(open_now)
    assert not clock.is_open(saturday)


def test_due_at_the_end_of_a_window_is_the_window_end_not_the_next_opening() -> None:
    clock = BusinessClock(BERLIN_OFFICE)
    start = dt.datetime(2026, 11, 30, 17, 0, tzinfo=BERLIN)
    assert clock.add(start, H) == dt.datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN)


def test_invalid_calendars_and_inputs_are_refused() -> None:
    with pytest.raises(ClosedCalendarError):
        BusinessClock(CalendarSpec("Europe/Berlin"))
    with pytest.raises(ValueError, match="overlap"):
        CalendarSpec("Europe/Berlin", (Window(0, 480, 720), Window(0, 700, 900)))
    with pytest.raises(ValueError, match="starts before it ends"):
        Window(0, 600, 600)
    with pytest.raises(Exception):  # noqa: B017, PT011 - zoneinfo raises its own error type
        CalendarSpec("Mars/Olympus_Mons", always_open=True)
    with pytest.raises(ValueError, match="timezone-aware"):
        BusinessClock(BERLIN_24X7).between(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))
    with pytest.raises(ValueError, match="negative"):
        BusinessClock(BERLIN_OFFICE).add(dt.datetime(2026, 1, 1, tzinfo=UTC), -H)


def test_a_calendar_closed_for_years_raises_instead_of_looping() -> None:
    mondays = {dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(6 * 53)}
    only_mondays = CalendarSpec("Europe/Berlin", (Window(0, 480, 540),), holidays=frozenset(mondays))
    with pytest.raises(ClosedCalendarError):
        BusinessClock(only_mondays).add(dt.datetime(2026, 1, 1, tzinfo=UTC), H)


# --- properties ------------------------------------------------------------------------------

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


@st.composite
def calendars(draw: st.DrawFn) -> CalendarSpec:
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()) and draw(st.booleans()):
        return CalendarSpec(zone, always_open=True)
    windows = []
    for weekday in range(7):
        edges = sorted(draw(st.sets(st.integers(0, 1440), max_size=4)))
        for start, end in zip(edges[::2], edges[1::2], strict=False):
            windows.append(Window(weekday, start, end))
    assume(windows)
    holidays = draw(st.frozensets(st.dates(dt.date(2025, 12, 1), dt.date(2027, 6, 30)), max_size=20))
    return CalendarSpec(zone, tuple(windows), holidays=holidays)


# Instants in several zones: aware arithmetic in Python is wall-clock arithmetic within one zone.
instants = st.datetimes(
    dt.datetime(2026, 1, 1),
    dt.datetime(2026, 12, 31),
    timezones=st.sampled_from([ZoneInfo(zone) for zone in ZONES]),
    allow_imaginary=False,
)
durations = st.integers(0, 30 * 24 * 3600).map(lambda seconds: dt.timedelta(seconds=seconds))


@settings(max_examples=300, deadline=None)
@given(calendars(), instants, durations)
def test_measuring_what_was_added_gives_it_back(spec: CalendarSpec, start: dt.datetime, amount: dt.timedelta) -> None:
    clock = BusinessClock(spec)
    due = clock.add(start, amount)
    assert due.astimezone(UTC) >= start.astimezone(UTC)  # same-zone comparison would be on the wall clock
    assert clock.between(start, due) == amount


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, durations, durations)
def test_adding_more_never_ends_earlier(
    spec: CalendarSpec, start: dt.datetime, a: dt.timedelta, b: dt.timedelta
) -> None:
    clock = BusinessClock(spec)
    shorter, longer = sorted((a, b))
    assert clock.add(start, shorter).astimezone(UTC) <= clock.add(start, longer).astimezone(UTC)


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, durations, durations)
def test_business_time_adds_up_and_never_exceeds_real_time(
    spec: CalendarSpec, start: dt.datetime, first: dt.timedelta, second: dt.timedelta
) -> None:
    clock = BusinessClock(spec)
    utc_start = start.astimezone(UTC)  # real elapsed time is measured in UTC, not on the wall clock
    middle, end = utc_start + first, utc_start + first + second
    assert clock.between(start, middle) + clock.between(middle, end) == clock.between(start, end)
    assert clock.between(start, end) <= end - utc_start
    if spec.always_open:
        assert clock.between(start, end) == end - utc_start


@settings(max_examples=200, deadline=None)
@given(calendars(), instants, st.integers(1, 30 * 24 * 3600).map(lambda s: dt.timedelta(seconds=s)))
def test_the_last_moment_before_a_due_instant_is_open_time(
    spec: CalendarSpec, start: dt.datetime, amount: dt.timedelta
) -> None:
    clock = BusinessClock(spec)
    due = clock.add(start, amount).astimezone(UTC)
    tick = dt.timedelta(microseconds=1)
    assert clock.between(due - tick, due) == tick


@settings(max_examples=100, deadline=None)
@given(calendars(), instants)
def test_next_open_is_open_and_nothing_opens_before_it(spec: CalendarSpec, instant: dt.datetime) -> None:
    clock = BusinessClock(spec)
    opening = clock.next_open(instant)
    assert opening.astimezone(UTC) >= instant.astimezone(UTC)
    assert clock.between(instant, opening) == dt.timedelta(0)
    second = dt.timedelta(seconds=1)
    assert clock.add(opening, second).astimezone(UTC) - opening.astimezone(UTC) >= second
