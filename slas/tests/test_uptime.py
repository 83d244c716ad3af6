"""Uptime interval arithmetic (slas/uptime.py): properties that hold for any intervals
(hypothesis, checked against a minute-by-minute oracle) and cases computed by hand, in
Europe/Berlin, the hospital's timezone."""

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slas.uptime import Interval, merge, minutes, subtract, total, uptime

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
HALF = Decimal("0.5")


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def exact_percent(up_minutes: int | Decimal, measured_minutes: int) -> Decimal:
    """The exact quotient, as the module computes it (Decimal division is correctly rounded,
    so any scaling of the same fraction gives the same digits)."""
    return Decimal(up_minutes) * 100 / Decimal(measured_minutes)


# --- properties ------------------------------------------------------------------------------

# Intervals on a minute grid near a fixed instant: small enough to check against the set of
# covered minutes, which is the obvious (slow) truth.
BASE = dt.datetime(2026, 3, 1, tzinfo=UTC)
SPAN = 600


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = sorted(draw(st.tuples(st.integers(0, SPAN), st.integers(0, SPAN))))
    return BASE + a * M, BASE + b * M  # sometimes empty (a == b): must be dropped


interval_lists = st.lists(intervals(), max_size=12)
# Sometimes given in Berlin time: the arithmetic must be in real (UTC) time, not on the wall clock.
zones = st.sampled_from([UTC, BERLIN, ZoneInfo("America/New_York")])


def covered(spans: list[Interval]) -> set[int]:
    """The minutes of the grid the intervals cover."""
    result: set[int] = set()
    for start, end in spans:
        result.update(range((start - BASE) // M, (end - BASE) // M))
    return result


def in_zone(spans: list[Interval], zone: dt.tzinfo) -> list[Interval]:
    return [(start.astimezone(zone), end.astimezone(zone)) for start, end in spans]


def intersection(a: list[Interval], b: list[Interval]) -> list[Interval]:
    return subtract(a, subtract(a, b))


@settings(max_examples=200, deadline=None)
@given(interval_lists, zones)
def test_merge_is_sorted_disjoint_idempotent_and_keeps_what_was_covered(spans: list[Interval], zone: dt.tzinfo) -> None:
    merged = merge(in_zone(spans, zone))
    assert merge(merged) == merged
    for start, end in merged:
        assert start < end
    for (_, earlier_end), (later_start, _) in itertools.pairwise(merged):
        assert earlier_end < later_start  # touching intervals are joined too
    assert covered(merged) == covered(spans)
    assert total(merged) == total(spans) == len(covered(spans)) * M
    assert total(spans) <= sum((end - start for start, end in spans), dt.timedelta())


@settings(max_examples=200, deadline=None)
@given(interval_lists, interval_lists, zones)
def test_subtract_removes_exactly_the_covered_part(a: list[Interval], b: list[Interval], zone: dt.tzinfo) -> None:
    rest = subtract(in_zone(a, zone), b)
    assert covered(rest) == covered(a) - covered(b)
    assert total(intersection(rest, b)) == dt.timedelta(0)
    both = intersection(a, b)
    assert covered(both) == covered(a) & covered(b)
    assert total(rest) + total(both) == total(a)
    assert merge(rest) == rest  # already merged and sorted


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.datetime, dt.datetime]:
    a, b = sorted(draw(st.tuples(st.integers(-50, SPAN + 50), st.integers(-50, SPAN + 50))))
    if a == b:
        b += 1
    return BASE + a * M, BASE + b * M


weights = st.sampled_from([Decimal(0), HALF, Decimal(1)])


@settings(max_examples=200, deadline=None)
@given(periods(), interval_lists, interval_lists, interval_lists, weights)
def test_uptime_is_a_percentage_and_its_parts_add_up(
    period: tuple[dt.datetime, dt.datetime],
    down: list[Interval],
    degraded: list[Interval],
    excluded: list[Interval],
    weight: Decimal,
) -> None:
    start, end = period
    figures = uptime(start=start, end=end, down=down, degraded=degraded, excluded=excluded, degraded_weight=weight)
    assert Decimal(0) <= figures.uptime_percent <= Decimal(100)
    # The same figures from the minute sets: clipped to the period, down and degraded outside
    # the excluded time, down wins where both apply.
    inside = set(range((start - BASE) // M, (end - BASE) // M))
    excluded_minutes = covered(excluded) & inside
    down_minutes = (covered(down) & inside) - excluded_minutes
    degraded_minutes = (covered(degraded) & inside) - excluded_minutes - down_minutes
    assert figures.period == len(inside) * M
    assert figures.excluded == len(excluded_minutes) * M
    assert figures.down == len(down_minutes) * M
    assert figures.degraded == len(degraded_minutes) * M
    assert figures.downtime == figures.down + figures.degraded * float(weight)
    measured = len(inside) - len(excluded_minutes)
    assert figures.measured == measured * M
    charged = len(down_minutes) + len(degraded_minutes) * weight
    assert figures.uptime_percent == (exact_percent(measured - charged, measured) if measured else Decimal(100))


@settings(max_examples=200, deadline=None)
@given(periods(), interval_lists, interval_lists, weights)
def test_no_down_time_is_full_uptime(
    period: tuple[dt.datetime, dt.datetime], degraded: list[Interval], excluded: list[Interval], weight: Decimal
) -> None:
    start, end = period
    assert uptime(start=start, end=end, excluded=excluded).uptime_percent == 100
    # Degraded time that does not count is no down time either.
    assert (
        uptime(start=start, end=end, degraded=degraded, excluded=excluded, degraded_weight=Decimal(0)).uptime_percent
        == 100
    )


@settings(max_examples=200, deadline=None)
@given(periods(), interval_lists, interval_lists, interval_lists, intervals(), weights)
def test_another_outage_never_raises_uptime(
    period: tuple[dt.datetime, dt.datetime],
    down: list[Interval],
    degraded: list[Interval],
    excluded: list[Interval],
    outage: Interval,
    weight: Decimal,
) -> None:
    start, end = period
    terms = {"start": start, "end": end, "excluded": excluded, "degraded_weight": weight}
    before = uptime(down=down, degraded=degraded, **terms)
    assert uptime(down=[*down, outage], degraded=degraded, **terms).uptime_percent <= before.uptime_percent
    assert uptime(down=down, degraded=[*degraded, outage], **terms).uptime_percent <= before.uptime_percent


@settings(max_examples=200, deadline=None)
@given(periods(), st.floats(0, 1), interval_lists, interval_lists, interval_lists, weights, zones)
def test_downtime_of_two_halves_adds_up_to_the_whole(
    period: tuple[dt.datetime, dt.datetime],
    fraction: float,
    down: list[Interval],
    degraded: list[Interval],
    excluded: list[Interval],
    weight: Decimal,
    zone: dt.tzinfo,
) -> None:
    start, end = period
    # Any split instant, not only whole minutes; the period's ends in another zone.
    middle = start + (end - start) * fraction
    start, middle, end = (instant.astimezone(zone) for instant in (start, middle, end))
    terms = {"down": down, "degraded": degraded, "excluded": excluded, "degraded_weight": weight}
    whole = uptime(start=start, end=end, **terms)
    parts = [uptime(start=a, end=b, **terms) for a, b in ((start, middle), (middle, end)) if b > a]
    for name in ("period", "excluded", "down", "degraded"):
        assert sum((getattr(part, name) for part in parts), dt.timedelta()) == getattr(whole, name), name
    # Weighted degraded time is truncated to the microsecond in each part.
    tick = dt.timedelta(microseconds=1)
    assert abs(sum((part.downtime for part in parts), dt.timedelta()) - whole.downtime) <= tick


@settings(max_examples=200, deadline=None)
@given(periods(), interval_lists, interval_lists, interval_lists)
def test_degraded_time_weighs_none_half_or_full(
    period: tuple[dt.datetime, dt.datetime], down: list[Interval], degraded: list[Interval], excluded: list[Interval]
) -> None:
    start, end = period
    none, half, full = (
        uptime(start=start, end=end, down=down, degraded=degraded, excluded=excluded, degraded_weight=weight)
        for weight in (Decimal(0), HALF, Decimal(1))
    )
    assert none.uptime_percent >= half.uptime_percent >= full.uptime_percent
    assert none.downtime == none.down
    assert full.downtime == full.down + full.degraded
    assert half.downtime * 2 == none.downtime + full.downtime  # minute grid: no rounding


# --- hand-computed cases ---------------------------------------------------------------------


def test_a_31_day_month_has_44640_minutes() -> None:
    # January 2026, no clock change: 31 × 1,440 = 44,640 minutes. A 45-minute outage leaves
    # 44,595 / 44,640 = 99.8992 %: just below the template's 99.9 %.
    figures = uptime(
        start=berlin(2026, 1, 1), end=berlin(2026, 2, 1), down=[(berlin(2026, 1, 14, 10), berlin(2026, 1, 14, 10, 45))]
    )
    assert figures.period == 44_640 * M
    assert figures.downtime == 45 * M
    assert figures.uptime_percent == exact_percent(44_595, 44_640)
    assert figures.uptime_percent.quantize(Decimal("0.0001")) == Decimal("99.8992")
    assert figures.outages == 1


@pytest.mark.parametrize(
    ("month", "minutes_in_month"),
    [
        (3, 44_580),  # 31 days, clocks go forward on Sunday 29 March: one hour less
        (10, 44_700),  # 31 days, clocks go back on Sunday 25 October: one hour more
        (4, 43_200),  # 30 days, summer time all month
        (2, 40_320),  # 28 days
    ],
)
def test_months_in_berlin_have_their_real_length(month: int, minutes_in_month: int) -> None:
    start, end = berlin(2026, month, 1), berlin(2026, month + 1, 1)
    one_hour_down = [(berlin(2026, month, 10, 10), berlin(2026, month, 10, 11))]
    figures = uptime(start=start, end=end, down=one_hour_down)
    assert figures.period == minutes_in_month * M
    assert figures.uptime_percent == exact_percent(minutes_in_month - 60, minutes_in_month)


def test_an_outage_across_the_fall_back_night_counts_the_real_time() -> None:
    # Sunday 25 October 2026, 01:30-03:30 on the wall clock: 02:00-03:00 happens twice, so
    # three hours pass (23:30 UTC to 02:30 UTC).
    start = berlin(2026, 10, 25, 1, 30)
    end = berlin(2026, 10, 25, 3, 30)
    figures = uptime(start=berlin(2026, 10, 1), end=berlin(2026, 11, 1), down=[(start, end)])
    assert figures.down == 3 * H
    assert figures.uptime_percent == exact_percent(44_700 - 180, 44_700)


def test_an_incident_across_a_month_end_is_split_between_the_months() -> None:
    # Saturday 31 January 23:00 to Sunday 1 February 01:30: 60 minutes in January, 90 in February.
    incident = [(berlin(2026, 1, 31, 23), berlin(2026, 2, 1, 1, 30))]
    january = uptime(start=berlin(2026, 1, 1), end=berlin(2026, 2, 1), down=incident)
    february = uptime(start=berlin(2026, 2, 1), end=berlin(2026, 3, 1), down=incident)
    assert (january.down, february.down) == (60 * M, 90 * M)
    assert january.uptime_percent == exact_percent(44_640 - 60, 44_640)
    assert february.uptime_percent == exact_percent(40_320 - 90, 40_320)
    assert january.outages == february.outages == 1
    # The same incident from the last day of March into April crosses the DST change too.
    march_end = [(berlin(2026, 3, 31, 22), berlin(2026, 4, 1, 2))]
    assert uptime(start=berlin(2026, 3, 1), end=berlin(2026, 4, 1), down=march_end).down == 2 * H
    assert uptime(start=berlin(2026, 4, 1), end=berlin(2026, 5, 1), down=march_end).down == 2 * H


def test_overlapping_incidents_count_once() -> None:
    # 10:00-11:00 and 10:30-12:00 (say archive and viewer down together): 120 minutes, one outage;
    # a duplicate report of the first changes nothing.
    day = (2026, 1, 14)
    down = [
        (berlin(*day, 10), berlin(*day, 11)),
        (berlin(*day, 10, 30), berlin(*day, 12)),
        (berlin(*day, 10), berlin(*day, 11)),
    ]
    figures = uptime(start=berlin(2026, 1, 1), end=berlin(2026, 2, 1), down=down)
    assert figures.down == 120 * M
    assert figures.outages == 1
    assert figures.uptime_percent == exact_percent(44_640 - 120, 44_640)


def test_only_the_part_of_an_outage_outside_approved_maintenance_counts() -> None:
    # Maintenance Sunday 11 January 02:00-04:00 (excluded); an outage 03:00-05:00: only 04:00-05:00
    # is downtime, and the period measured is 44,640 - 120 = 44,520 minutes.
    day = (2026, 1, 11)
    figures = uptime(
        start=berlin(2026, 1, 1),
        end=berlin(2026, 2, 1),
        down=[(berlin(*day, 3), berlin(*day, 5))],
        excluded=[(berlin(*day, 2), berlin(*day, 4))],
    )
    assert (figures.excluded, figures.down) == (120 * M, 60 * M)
    assert figures.measured == 44_520 * M
    assert figures.uptime_percent == exact_percent(44_460, 44_520)


def test_down_wins_over_degraded_and_degraded_counts_with_its_weight() -> None:
    # Degraded 09:00-12:00 with a full outage 10:00-11:00 inside it: 60 minutes down, 120 minutes
    # degraded (not 180), one outage of three hours.
    day = (2026, 1, 14)
    terms = {
        "start": berlin(2026, 1, 1),
        "end": berlin(2026, 2, 1),
        "down": [(berlin(*day, 10), berlin(*day, 11))],
        "degraded": [(berlin(*day, 9), berlin(*day, 12))],
    }
    half = uptime(**terms, degraded_weight=HALF)
    assert (half.down, half.degraded) == (60 * M, 120 * M)
    assert half.downtime == 120 * M  # 60 + 120 × 0.5
    assert half.uptime_percent == exact_percent(44_640 - 120, 44_640)
    assert half.outages == 1
    assert half.mttr == 3 * H
    assert uptime(**terms, degraded_weight=Decimal(1)).downtime == 180 * M
    assert uptime(**terms, degraded_weight=Decimal(0)).downtime == 60 * M


def test_an_open_incident_counts_until_now() -> None:
    # The month so far: 1 January 00:00 to now (14 January 12:00); an incident open since 11:00
    # (its end is "now", or anything later: only the measured period counts).
    now = berlin(2026, 1, 14, 12)
    for open_end in (now, berlin(2026, 12, 31)):
        figures = uptime(start=berlin(2026, 1, 1), end=now, down=[(berlin(2026, 1, 14, 11), open_end)])
        measured = 13 * 1440 + 12 * 60  # 13 days and 12 hours
        assert figures.period == measured * M
        assert figures.down == 60 * M
        assert figures.uptime_percent == exact_percent(measured - 60, measured)


def test_mttr_and_mtbf() -> None:
    # Two outages in January (30 and 90 minutes) and four hours of maintenance:
    # MTTR = 120 / 2 = 60 minutes; MTBF = (44,640 - 240 - 120) / 2 = 22,140 minutes of service
    # per failure.
    figures = uptime(
        start=berlin(2026, 1, 1),
        end=berlin(2026, 2, 1),
        down=[
            (berlin(2026, 1, 5, 8), berlin(2026, 1, 5, 8, 30)),
            (berlin(2026, 1, 20, 14), berlin(2026, 1, 20, 15, 30)),
        ],
        excluded=[(berlin(2026, 1, 11, 0), berlin(2026, 1, 11, 4))],
    )
    assert figures.outages == 2
    assert figures.mttr == 60 * M
    assert figures.mtbf == 22_140 * M
    no_outage = uptime(start=berlin(2026, 1, 1), end=berlin(2026, 2, 1))
    assert (no_outage.outages, no_outage.mttr, no_outage.mtbf) == (0, None, None)


def test_a_period_entirely_under_maintenance_is_full_uptime() -> None:
    start, end = berlin(2026, 1, 11, 0), berlin(2026, 1, 11, 4)
    figures = uptime(start=start, end=end, down=[(start, end)], excluded=[(start - H, end + H)])
    assert figures.measured == dt.timedelta(0)
    assert figures.down == dt.timedelta(0)
    assert figures.uptime_percent == 100


def test_a_period_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        uptime(start=berlin(2026, 2, 1), end=berlin(2026, 2, 1))


def test_minutes_are_given_to_the_tenth() -> None:
    assert minutes(160 * M) == Decimal("160.0")
    assert minutes(dt.timedelta(seconds=44.46 * 60)) == Decimal("44.5")
    assert minutes(dt.timedelta(seconds=90)) == Decimal("1.5")
