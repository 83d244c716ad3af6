"""Maintenance compliance (slas/maintenance_rules.py) under the template's terms: 48 h written
notice, work allowed on Sundays 00:00-06:00 Europe/Berlin. What breaks a rule is unplanned
downtime, and only that part."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from slas.clock import BusinessClock, CalendarSpec, Window
from slas.maintenance_rules import MaintenanceAssessment, MaintenancePlan, MaintenanceTerms, assess, work_interval
from slas.uptime import Interval, total

BERLIN = ZoneInfo("Europe/Berlin")
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
SUNDAY = 6

TERMS = MaintenanceTerms(
    notice=48 * H,
    allowed=BusinessClock(CalendarSpec("Europe/Berlin", (Window(SUNDAY, 0, 360),))),
    allowed_label="Sunday 00:00-06:00",
)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# Sunday 11 October 2026 00:00-04:00, announced Monday 5 October 00:00 (six days ahead).
START, END = berlin(2026, 10, 11, 0), berlin(2026, 10, 11, 4)
ANNOUNCED = berlin(2026, 10, 5, 0)
LATER = berlin(2026, 11, 15)  # when the work is looked at, after all of it


def plan(**changes: object) -> MaintenancePlan:
    values = {"planned_start": START, "planned_end": END, "announced_at": ANNOUNCED, "approved": True}
    values.update(changes)
    return MaintenancePlan(**values)


def same_instants(intervals: list[Interval], expected: list[Interval]) -> bool:
    """Compare as instants (the module answers in UTC)."""
    return [(a.astimezone(dt.UTC), b.astimezone(dt.UTC)) for a, b in intervals] == [
        (a.astimezone(dt.UTC), b.astimezone(dt.UTC)) for a, b in expected
    ]


def test_approved_work_with_notice_inside_the_window_and_on_time_is_all_planned() -> None:
    result = assess(plan(actual_start=START, actual_end=END), TERMS, LATER)
    assert result.compliant
    assert same_instants(result.planned, [(START, END)])
    assert result.unplanned == []


def test_approved_work_without_recorded_times_is_taken_as_planned() -> None:
    result = assess(plan(), TERMS, LATER)
    assert same_instants(result.planned, [(START, END)])
    assert result.unplanned == []
    # Not started yet: nothing to count either way.
    assert assess(plan(), TERMS, berlin(2026, 10, 10)) == MaintenanceAssessment()


def test_an_overrun_of_40_minutes_is_exactly_40_minutes_unplanned() -> None:
    result = assess(plan(actual_start=START, actual_end=END + 40 * M), TERMS, LATER)
    assert same_instants(result.planned, [(START, END)])
    assert same_instants(result.unplanned, [(END, END + 40 * M)])
    assert total(result.unplanned) == 40 * M
    assert result.problems == ["Overran the planned end by 40 min."]
    assert not result.compliant


def test_too_short_notice_makes_all_the_work_unplanned() -> None:
    # Announced Friday 9 October 01:00, 47 h before the work.
    result = assess(plan(announced_at=START - 47 * H, actual_start=START, actual_end=END), TERMS, LATER)
    assert result.planned == []
    assert same_instants(result.unplanned, [(START, END)])
    assert result.problems == ["Announced 47 h ahead; the contract requires 48 h."]
    # Exactly 48 h is enough.
    assert assess(plan(announced_at=START - 48 * H), TERMS, LATER).compliant


def test_announced_after_the_work_started_is_no_notice_at_all() -> None:
    result = assess(plan(announced_at=START + 30 * M, actual_start=START, actual_end=END), TERMS, LATER)
    assert result.planned == []
    assert total(result.unplanned) == 4 * H
    assert result.problems == ["Announced 0 min ahead; the contract requires 48 h."]


def test_work_done_without_approval_is_all_unplanned() -> None:
    result = assess(plan(approved=False, actual_start=START, actual_end=START + 2 * H), TERMS, LATER)
    assert result.planned == []
    assert same_instants(result.unplanned, [(START, START + 2 * H)])
    assert result.problems == ["Carried out without the hospital's approval."]


def test_work_outside_the_sunday_window_is_unplanned_for_the_part_outside() -> None:
    # Planned Saturday 10 October 22:00 to Sunday 02:00: the two Saturday hours break the window.
    start, end = berlin(2026, 10, 10, 22), berlin(2026, 10, 11, 2)
    result = assess(plan(planned_start=start, planned_end=end), TERMS, LATER)
    assert same_instants(result.planned, [(START, end)])
    assert same_instants(result.unplanned, [(start, START)])
    assert result.problems == ["2 h planned outside the allowed maintenance window (Sunday 00:00-06:00)."]


def test_work_on_a_weekday_is_all_unplanned() -> None:
    start = berlin(2026, 10, 13, 10)  # Tuesday
    result = assess(plan(planned_start=start, planned_end=start + 2 * H), TERMS, LATER)
    assert result.planned == []
    assert total(result.unplanned) == 2 * H


@pytest.mark.parametrize(
    ("planned", "allowed_hours", "outside_hours"),
    [
        # Sunday 29 March 2026, clocks go forward at 02:00: 00:00-07:00 on the wall clock is six
        # real hours; the window 00:00-06:00 holds five of them, 06:00-07:00 is outside.
        ((berlin(2026, 3, 29, 0), berlin(2026, 3, 29, 7)), 5, 1),
        # Sunday 25 October 2026, clocks go back at 03:00: 00:00-06:00 holds seven real hours,
        # all allowed.
        ((berlin(2026, 10, 25, 0), berlin(2026, 10, 25, 6)), 7, 0),
        # Same night, 05:00-08:00: one hour inside, two outside.
        ((berlin(2026, 10, 25, 5), berlin(2026, 10, 25, 8)), 1, 2),
    ],
)
def test_the_window_on_dst_sundays_holds_the_real_hours(
    planned: Interval, allowed_hours: int, outside_hours: int
) -> None:
    start, end = planned
    result = assess(plan(planned_start=start, planned_end=end, announced_at=start - 72 * H), TERMS, LATER)
    assert total(result.planned) == allowed_hours * H
    assert total(result.unplanned) == outside_hours * H
    assert result.compliant == (outside_hours == 0)


def test_work_started_early_is_unplanned_until_the_planned_start() -> None:
    # Started Saturday 23:30, half an hour before the planned (and allowed) start.
    early = START - 30 * M
    result = assess(plan(actual_start=early, actual_end=END), TERMS, LATER)
    assert same_instants(result.planned, [(START, END)])
    assert same_instants(result.unplanned, [(early, START)])
    assert result.problems == ["Started 30 min before the planned start."]
    # Early but inside the Sunday window still breaks the announced plan.
    late_plan = plan(planned_start=START + H, actual_start=START + 30 * M, actual_end=END)
    assert total(assess(late_plan, TERMS, LATER).unplanned) == 30 * M


def test_cancelled_work_counts_nothing_whatever_was_recorded() -> None:
    result = assess(plan(cancelled=True, actual_start=START, actual_end=END), TERMS, LATER)
    assert (result.planned, result.unplanned) == ([], [])
    assert work_interval(plan(cancelled=True), LATER) is None


def test_proposed_work_that_was_not_done_counts_nothing() -> None:
    result = assess(plan(approved=False), TERMS, LATER)
    assert (result.planned, result.unplanned) == ([], [])
    assert result.problems == []  # not carried out: no approval missing yet


def test_work_in_progress_counts_until_now() -> None:
    ongoing = plan(actual_start=START)
    # At 02:00 the first two hours are planned work.
    now = berlin(2026, 10, 11, 2)
    result = assess(ongoing, TERMS, now)
    assert same_instants(result.planned, [(START, now)])
    assert result.unplanned == []
    assert result.compliant
    # Still going at 04:30: the last half hour is an overrun already.
    now = berlin(2026, 10, 11, 4, 30)
    result = assess(ongoing, TERMS, now)
    assert same_instants(result.planned, [(START, END)])
    assert same_instants(result.unplanned, [(END, now)])
    assert result.problems == ["Overran the planned end by 30 min."]


def test_several_rules_broken_at_once() -> None:
    # Short notice and an overrun: everything is unplanned, both problems are named.
    result = assess(plan(announced_at=START - 2 * H, actual_start=START, actual_end=END + 90 * M), TERMS, LATER)
    assert result.planned == []
    assert total(result.unplanned) == 5 * H + 30 * M
    assert result.problems == [
        "Announced 2 h ahead; the contract requires 48 h.",
        "Overran the planned end by 1 h 30 min.",
    ]


def test_without_an_allowed_window_any_time_is_fine() -> None:
    anytime = MaintenanceTerms(notice=48 * H)
    start = berlin(2026, 10, 13, 10)  # Tuesday morning
    result = assess(plan(planned_start=start, planned_end=start + 2 * H), anytime, LATER)
    assert result.compliant
    assert total(result.planned) == 2 * H
