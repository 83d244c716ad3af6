"""Business-time arithmetic on a calendar: pure, no ORM, right across DST changes and holidays.

A calendar is an IANA timezone, weekly windows in local wall-clock time (several a day) and
holidays, or "always open". Business time between two instants is the real time that passes
while the calendar is open, so a window 01:00-04:00 on the night clocks go forward holds two
hours, and 02:00-03:00 on the night they go back holds two.

Instants are timezone-aware datetimes. ``BusinessClock`` lays each local day out once, as its
open intervals in UTC microseconds and the business time before it; ``add`` and ``between``
then cost a binary search and a walk over one day's windows, and laying out days costs
O(days spanned), never minute by minute.
"""

import datetime
import itertools
from bisect import bisect_right
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MICROSECONDS = 1_000_000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Days laid out at a time when a computation runs past what is already known.
CHUNK_DAYS = 400
# A calendar with no open time in this many days cannot meet any target.
SEARCH_LIMIT_DAYS = 3 * 366


class ClosedCalendarError(ValueError):
    """The calendar has no open time in the span searched (no windows, or only holidays)."""


@dataclass(frozen=True)
class Window:
    """Open from ``start_minute`` to ``end_minute`` after local midnight (end may be 1440)."""

    weekday: int  # Monday is 0
    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError("a window starts before it ends, within one day")


@dataclass(frozen=True)
class CalendarSpec:
    timezone: str
    windows: tuple[Window, ...] = ()
    holidays: frozenset[datetime.date] = frozenset()
    always_open: bool = False

    def __post_init__(self) -> None:
        ZoneInfo(self.timezone)  # raises for an unknown zone
        by_day: dict[int, list[Window]] = {}
        for window in self.windows:
            by_day.setdefault(window.weekday, []).append(window)
        for day_windows in by_day.values():
            day_windows.sort(key=lambda w: w.start_minute)
            for earlier, later in itertools.pairwise(day_windows):
                if later.start_minute < earlier.end_minute:
                    raise ValueError(f"windows on {DAY_NAMES[later.weekday]} overlap")

    def windows_on(self, weekday: int) -> list[Window]:
        return sorted((w for w in self.windows if w.weekday == weekday), key=lambda w: w.start_minute)


def to_micros(instant: datetime.datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return (instant - EPOCH) // datetime.timedelta(microseconds=1)


def from_micros(micros: int) -> datetime.datetime:
    return EPOCH + datetime.timedelta(microseconds=micros)


def _local_to_micros(day: datetime.date, minute: int, zone: ZoneInfo) -> int:
    # Wall-clock times that do not exist (spring forward) resolve with the offset before the
    # change, so a window edge inside the gap lands on the gap's end; ambiguous ones (fall back)
    # take the first occurrence. Either way the real time between the edges is what elapsed.
    naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minute)
    return to_micros(naive.replace(tzinfo=zone))


@dataclass
class BusinessClock:
    """Business-time arithmetic on one calendar; reuse an instance for many computations."""

    spec: CalendarSpec
    _zone: ZoneInfo = field(init=False, repr=False)
    _first_day: datetime.date | None = field(default=None, init=False, repr=False)
    _day_starts: list[int] = field(default_factory=list, init=False, repr=False)  # local midnight, µs
    _business_before: list[int] = field(default_factory=list, init=False, repr=False)  # cumulative µs
    _intervals: list[tuple[tuple[int, int], ...]] = field(default_factory=list, init=False, repr=False)
    _windows_by_weekday: tuple[tuple[Window, ...], ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        self._zone = ZoneInfo(self.spec.timezone)
        if not self.spec.always_open and not self.spec.windows:
            raise ClosedCalendarError("a calendar needs weekly windows or to be always open")
        self._windows_by_weekday = tuple(tuple(self.spec.windows_on(weekday)) for weekday in range(7))

    # --- public arithmetic -------------------------------------------------------------

    def add(self, start: datetime.datetime, business: datetime.timedelta) -> datetime.datetime:
        """The instant at which ``business`` of open time has passed since ``start``."""
        amount = business // datetime.timedelta(microseconds=1)
        if amount < 0:
            raise ValueError("business time to add must not be negative")
        start_micros = to_micros(start)
        if amount == 0:
            return start
        if self.spec.always_open:
            # In UTC: Python adds to an aware datetime on the wall clock, wrong across DST.
            return from_micros(start_micros + amount).astimezone(start.tzinfo)
        target = self._position(start_micros) + amount
        return from_micros(self._instant_at(target)).astimezone(start.tzinfo)

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        """Open time from ``start`` to ``end`` (zero when ``end`` is not after ``start``)."""
        start_micros, end_micros = to_micros(start), to_micros(end)
        if end_micros <= start_micros:
            return datetime.timedelta(0)
        if self.spec.always_open:
            # Not ``end - start``: with one tzinfo Python subtracts wall-clock times.
            return datetime.timedelta(microseconds=end_micros - start_micros)
        # Lay out both days before reading positions: laying out earlier days renumbers them.
        self._day_index(start_micros)
        self._day_index(end_micros)
        micros = self._position(end_micros) - self._position(start_micros)
        return datetime.timedelta(microseconds=micros)

    def next_open(self, instant: datetime.datetime) -> datetime.datetime:
        """``instant`` if the calendar is open then, else the moment it next opens."""
        micros = to_micros(instant)
        if self.spec.always_open:
            return instant
        index = self._day_index(micros)
        for day in range(index, index + SEARCH_LIMIT_DAYS):
            self._ensure_day(day)
            for open_at, close_at in self._intervals[day]:
                if micros < close_at:
                    return from_micros(max(micros, open_at)).astimezone(instant.tzinfo)
        raise ClosedCalendarError(f"no open time within {SEARCH_LIMIT_DAYS} days")

    def is_open(self, instant: datetime.datetime) -> bool:
        return to_micros(self.next_open(instant)) == to_micros(instant)

    def open_intervals(
        self, start: datetime.datetime, end: datetime.datetime
    ) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The open stretches of time from ``start`` to ``end``, in order, as UTC instants."""
        start_micros, end_micros = to_micros(start), to_micros(end)
        if end_micros <= start_micros:
            return []
        if self.spec.always_open:
            return [(from_micros(start_micros), from_micros(end_micros))]
        # Lay out both days before reading indexes: laying out earlier days renumbers them.
        self._day_index(start_micros)
        self._day_index(end_micros)
        first, last = self._day_index(start_micros), self._day_index(end_micros)
        stretches = []
        for day in range(first, last + 1):
            for open_at, close_at in self._intervals[day]:
                lower, upper = max(open_at, start_micros), min(close_at, end_micros)
                if upper > lower:
                    if stretches and stretches[-1][1] == lower:  # windows meeting at midnight
                        stretches[-1] = (stretches[-1][0], upper)
                    else:
                        stretches.append((lower, upper))
        return [(from_micros(lower), from_micros(upper)) for lower, upper in stretches]

    # --- day layout --------------------------------------------------------------------

    def _local_date(self, micros: int) -> datetime.date:
        return from_micros(micros).astimezone(self._zone).date()

    def _lay_out(self, first: datetime.date, days: int) -> tuple[list[int], list[tuple[tuple[int, int], ...]]]:
        starts, intervals = [], []
        for offset in range(days):
            day = first + datetime.timedelta(days=offset)
            starts.append(_local_to_micros(day, 0, self._zone))
            if day in self.spec.holidays:
                intervals.append(())
                continue
            day_intervals: list[tuple[int, int]] = []
            for window in self._windows_by_weekday[day.weekday()]:
                open_at = _local_to_micros(day, window.start_minute, self._zone)
                close_at = _local_to_micros(day, window.end_minute, self._zone)
                if close_at <= open_at:
                    continue
                if day_intervals and open_at <= day_intervals[-1][1]:
                    # Separate wall-clock windows can overlap in real time on the night clocks
                    # go forward (02:00-02:01 does not exist, so 00:00-02:01 ends at 03:01 CEST,
                    # past the start of 03:00-03:01): a real minute is open once, not twice.
                    day_intervals[-1] = (day_intervals[-1][0], max(day_intervals[-1][1], close_at))
                else:
                    day_intervals.append((open_at, close_at))
            intervals.append(tuple(day_intervals))
        return starts, intervals

    def _extend(self, first: datetime.date, last: datetime.date) -> None:
        """Make sure every local day from ``first`` to ``last`` is laid out."""
        if self._first_day is None:
            self._first_day = first
            starts, intervals = self._lay_out(first, (last - first).days + 1)
            self._day_starts, self._intervals = starts, intervals
            self._business_before = self._cumulate(intervals, 0)
            return
        known_last = self._first_day + datetime.timedelta(days=len(self._day_starts) - 1)
        if first < self._first_day:
            starts, intervals = self._lay_out(first, (self._first_day - first).days)
            self._first_day = first
            self._day_starts = starts + self._day_starts
            self._intervals = intervals + self._intervals
            self._business_before = self._cumulate(self._intervals, 0)
        if last > known_last:
            starts, intervals = self._lay_out(known_last + datetime.timedelta(days=1), (last - known_last).days)
            base = self._business_before[-1] + _open_micros(self._intervals[-1])
            self._day_starts += starts
            self._intervals += intervals
            self._business_before += self._cumulate(intervals, base)

    @staticmethod
    def _cumulate(intervals: list[tuple[tuple[int, int], ...]], base: int) -> list[int]:
        totals, running = [], base
        for day_intervals in intervals:
            totals.append(running)
            running += _open_micros(day_intervals)
        return totals

    def _day_index(self, micros: int) -> int:
        """Index of the local day holding ``micros``, laying out days around it as needed."""
        day = self._local_date(micros)
        if self._first_day is None or day < self._first_day or day >= self._known_end():
            self._extend(day - datetime.timedelta(days=CHUNK_DAYS // 4), day + datetime.timedelta(days=CHUNK_DAYS))
        return (day - self._first_day).days

    def _known_end(self) -> datetime.date:
        return self._first_day + datetime.timedelta(days=len(self._day_starts))

    def _ensure_day(self, index: int) -> None:
        if index >= len(self._day_starts):
            self._extend(self._first_day, self._first_day + datetime.timedelta(days=index + CHUNK_DAYS))

    def _position(self, micros: int) -> int:
        """Business time from the start of the laid-out days up to ``micros``."""
        index = self._day_index(micros)
        position = self._business_before[index]
        for open_at, close_at in self._intervals[index]:
            if micros <= open_at:
                break
            position += min(micros, close_at) - open_at
        return position

    def _total(self) -> int:
        return self._business_before[-1] + _open_micros(self._intervals[-1])

    def _instant_at(self, position: int) -> int:
        """The earliest instant at which ``position`` of business time has been reached."""
        closed_days = 0
        while position > self._total():
            total_before, days_before = self._total(), len(self._day_starts)
            self._ensure_day(days_before)
            closed_days = closed_days + len(self._day_starts) - days_before if self._total() == total_before else 0
            if closed_days > SEARCH_LIMIT_DAYS:
                raise ClosedCalendarError(f"no open time within {SEARCH_LIMIT_DAYS} days")
        # The last day whose business-before is below the target holds the instant.
        index = bisect_right(self._business_before, position - 1) - 1
        remaining = position - self._business_before[index]
        for open_at, close_at in self._intervals[index]:
            length = close_at - open_at
            if remaining <= length:
                return open_at + remaining
            remaining -= length
        raise AssertionError("business time table is inconsistent")  # pragma: no cover


def _open_micros(day_intervals: tuple[tuple[int, int], ...]) -> int:
    return sum(close_at - open_at for open_at, close_at in day_intervals)
