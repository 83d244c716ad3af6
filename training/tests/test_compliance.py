"""The pure rules of when a requirement falls due and how long a completion counts."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from training.compliance import Rule, Status, add_months, standing

D = datetime.date
ONBOARDING = Rule(due_within_days=30, refresher_months=None, deadline=None, effective_from=D(2026, 1, 1))


def test_a_newcomer_is_due_within_the_days_after_their_start() -> None:
    result = standing(ONBOARDING, start_date=D(2026, 3, 1), last_completed=None, today=D(2026, 3, 10))
    assert result.status == Status.DUE
    assert result.due_on == D(2026, 3, 31)


def test_people_there_before_count_from_the_requirements_start() -> None:
    result = standing(ONBOARDING, start_date=D(2015, 5, 4), last_completed=None, today=D(2026, 2, 5))
    assert result.status == Status.OVERDUE
    assert result.due_on == D(2026, 1, 31)
    assert result.days_overdue == 5


def test_a_fixed_deadline_wins_over_the_onboarding_days() -> None:
    rule = Rule(due_within_days=30, refresher_months=None, deadline=D(2026, 3, 31), effective_from=D(2026, 1, 1))
    assert standing(rule, start_date=D(2026, 3, 20), last_completed=None, today=D(2026, 4, 2)).days_overdue == 2


def test_a_completion_lapses_after_the_refresher_interval() -> None:
    rule = Rule(due_within_days=None, refresher_months=12, deadline=None, effective_from=D(2020, 1, 1))
    valid = standing(rule, start_date=None, last_completed=D(2025, 2, 28), today=D(2026, 2, 27))
    assert valid.status == Status.COMPLIANT
    assert valid.valid_until == D(2026, 2, 27)
    lapsed = standing(rule, start_date=None, last_completed=D(2025, 2, 28), today=D(2026, 3, 3))
    assert lapsed.status == Status.OVERDUE
    assert lapsed.due_on == D(2026, 2, 28)
    assert lapsed.days_overdue == 3


def test_once_is_enough_without_a_refresher() -> None:
    result = standing(ONBOARDING, start_date=None, last_completed=D(2021, 1, 1), today=D(2030, 1, 1))
    assert result.status == Status.COMPLIANT
    assert result.valid_until is None


def test_months_end_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 12, 31), 14) == D(2026, 2, 28)


@given(st.dates(D(1990, 1, 1), D(2090, 12, 31)), st.integers(1, 120))
def test_adding_months_moves_by_that_many_months_never_past_them(day: datetime.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


@given(
    st.dates(D(2000, 1, 1), D(2050, 1, 1)),
    st.dates(D(2000, 1, 1), D(2050, 1, 1)),
    st.integers(1, 60),
)
def test_a_completion_counts_on_every_day_of_its_validity_and_not_after(
    completed: datetime.date, today: datetime.date, months: int
) -> None:
    rule = Rule(due_within_days=None, refresher_months=months, deadline=None, effective_from=D(2000, 1, 1))
    result = standing(rule, start_date=None, last_completed=completed, today=today)
    compliant = completed <= today < add_months(completed, months) or today < completed
    assert (result.status == Status.COMPLIANT) == compliant
