"""Uptime arithmetic on time intervals: pure, no ORM.

Uptime of a period = (period - excluded maintenance - unplanned downtime outside it)
/ (period - excluded maintenance). Overlapping intervals are merged first, so two incidents at
once count once; down wins over degraded where both apply; degraded time counts with the
agreement's weight (1, 0.5 or 0). Everything is computed in whole microseconds (UTC), so a
31-day month is 44,640 minutes whatever the zone's DST changes do to the wall clock.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from slas.clock import from_micros, to_micros

Interval = tuple[datetime.datetime, datetime.datetime]
_Span = tuple[int, int]  # microseconds since the epoch, start < end

MICROS_PER_MINUTE = 60_000_000


def _spans(intervals: Iterable[Interval]) -> list[_Span]:
    return [(to_micros(start), to_micros(end)) for start, end in intervals]


def _merged(spans: Iterable[_Span]) -> list[_Span]:
    merged: list[_Span] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _clipped(spans: list[_Span], lower: int, upper: int) -> list[_Span]:
    return [(max(start, lower), min(end, upper)) for start, end in spans if end > lower and start < upper]


def _subtracted(spans: list[_Span], removed: list[_Span]) -> list[_Span]:
    """``spans`` minus ``removed``; both merged and sorted."""
    result: list[_Span] = []
    index = 0
    for start, end in spans:
        cursor = start
        while index < len(removed) and removed[index][1] <= cursor:
            index += 1
        probe = index
        while probe < len(removed) and removed[probe][0] < end:
            cut_start, cut_end = removed[probe]
            if cut_start > cursor:
                result.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cursor >= end:
                break
            probe += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def _length(spans: list[_Span]) -> int:
    return sum(end - start for start, end in spans)


def _intervals(spans: list[_Span]) -> list[Interval]:
    return [(from_micros(start), from_micros(end)) for start, end in spans]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, in order; empty ones dropped."""
    return _intervals(_merged(_spans(intervals)))


def subtract(intervals: Iterable[Interval], removed: Iterable[Interval]) -> list[Interval]:
    """The parts of ``intervals`` not covered by ``removed``."""
    return _intervals(_subtracted(_merged(_spans(intervals)), _merged(_spans(removed))))


def total(intervals: Iterable[Interval]) -> datetime.timedelta:
    """The time covered by ``intervals``, overlaps counted once."""
    return datetime.timedelta(microseconds=_length(_merged(_spans(intervals))))


@dataclass(frozen=True)
class UptimeFigures:
    start: datetime.datetime
    end: datetime.datetime
    period: datetime.timedelta
    excluded: datetime.timedelta  # approved, compliant planned maintenance
    down: datetime.timedelta  # unplanned, outside the excluded maintenance
    degraded: datetime.timedelta  # degraded and not down, outside the excluded maintenance
    downtime: datetime.timedelta  # down + weighted degraded: what uptime is charged
    outages: int  # separate stretches of down or degraded time
    uptime_percent: Decimal  # exact quotient, not rounded

    @property
    def measured(self) -> datetime.timedelta:
        return self.period - self.excluded

    @property
    def mttr(self) -> datetime.timedelta | None:
        """Mean time to restore: average length of an outage."""
        return (self.down + self.degraded) / self.outages if self.outages else None

    @property
    def mtbf(self) -> datetime.timedelta | None:
        """Mean time between failures: service time (measured, not down) per outage."""
        return (self.measured - self.down - self.degraded) / self.outages if self.outages else None


def uptime(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    down: Iterable[Interval] = (),
    degraded: Iterable[Interval] = (),
    excluded: Iterable[Interval] = (),
    degraded_weight: Decimal = Decimal("0.5"),
) -> UptimeFigures:
    """Uptime from ``start`` to ``end``. ``down`` and ``degraded`` are unplanned (including the
    rule-breaking parts of maintenance); ``excluded`` is approved, compliant maintenance.
    Intervals may overlap, extend beyond the period, or be given in any order."""
    lower, upper = to_micros(start), to_micros(end)
    if upper <= lower:
        raise ValueError("the period must end after it starts")
    excluded_spans = _clipped(_merged(_spans(excluded)), lower, upper)
    down_spans = _subtracted(_clipped(_merged(_spans(down)), lower, upper), excluded_spans)
    degraded_all = _subtracted(_clipped(_merged(_spans(degraded)), lower, upper), excluded_spans)
    degraded_spans = _subtracted(degraded_all, down_spans)
    period = upper - lower
    excluded_micros = _length(excluded_spans)
    down_micros = _length(down_spans)
    degraded_micros = _length(degraded_spans)
    charged = Decimal(down_micros) + Decimal(degraded_micros) * degraded_weight
    measured = period - excluded_micros
    percent = Decimal(100) if measured == 0 else (Decimal(measured) - charged) * 100 / Decimal(measured)
    outages = len(_merged(down_spans + degraded_spans))
    return UptimeFigures(
        start=start,
        end=end,
        period=datetime.timedelta(microseconds=period),
        excluded=datetime.timedelta(microseconds=excluded_micros),
        down=datetime.timedelta(microseconds=down_micros),
        degraded=datetime.timedelta(microseconds=degraded_micros),
        downtime=datetime.timedelta(microseconds=int(charged)),
        outages=outages,
        uptime_percent=percent,
    )


def minutes(duration: datetime.timedelta) -> Decimal:
    """A duration in minutes, to the tenth."""
    micros = duration // datetime.timedelta(microseconds=1)
    return (Decimal(micros) / MICROS_PER_MINUTE).quantize(Decimal("0.1"))


def shown_percent(value: Decimal, places: int = 3) -> Decimal:
    """An uptime cut (not rounded) to ``places`` decimals, so a figure shown or stored never
    rounds up across a threshold: 99.49998 % shows as 99.499, not 99.500."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
