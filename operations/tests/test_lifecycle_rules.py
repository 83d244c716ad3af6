"""The lifecycle flags (operations.lifecycle_rules): pure, about a fixed day."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from operations import lifecycle_rules as rules

TODAY = datetime.date(2026, 6, 15)


def keys(flags: list[rules.Flag]) -> list[str]:
    return [flag.key for flag in flags]


def test_no_dates_and_no_bulletins_no_flags() -> None:
    assert rules.lifecycle_flags(rules.LifecycleDates(), rules.PatchBacklog(), TODAY) == []


def test_past_end_of_support_is_danger_and_says_since_when() -> None:
    dates = rules.LifecycleDates(support_ends_on=datetime.date(2026, 6, 14))
    [flag] = rules.lifecycle_flags(dates, rules.PatchBacklog(), TODAY)
    assert (flag.key, flag.colour, flag.label) == (
        rules.PAST_END_OF_SUPPORT,
        "danger",
        "Past end of support since 2026-06-14",
    )


def test_the_last_day_of_support_is_still_supported_and_ending() -> None:
    dates = rules.LifecycleDates(support_ends_on=TODAY)
    assert keys(rules.lifecycle_flags(dates, rules.PatchBacklog(), TODAY)) == [rules.SUPPORT_ENDING]
    later = rules.LifecycleDates(support_ends_on=TODAY + datetime.timedelta(days=rules.SUPPORT_SOON_DAYS + 1))
    assert rules.lifecycle_flags(later, rules.PatchBacklog(), TODAY) == []


def test_end_of_life_outranks_end_of_support() -> None:
    dates = rules.LifecycleDates(support_ends_on=datetime.date(2025, 1, 1), end_of_life_on=datetime.date(2026, 1, 1))
    assert keys(rules.lifecycle_flags(dates, rules.PatchBacklog(), TODAY)) == [rules.PAST_END_OF_LIFE]


def test_warranty_ending_and_ended() -> None:
    ending = rules.LifecycleDates(warranty_ends_on=TODAY + datetime.timedelta(days=rules.WARRANTY_SOON_DAYS))
    ended = rules.LifecycleDates(warranty_ends_on=TODAY - datetime.timedelta(days=1))
    assert keys(rules.lifecycle_flags(ending, rules.PatchBacklog(), TODAY)) == [rules.WARRANTY_ENDING]
    assert keys(rules.lifecycle_flags(ended, rules.PatchBacklog(), TODAY)) == [rules.OUT_OF_WARRANTY]


def test_patches_behind_count_days_from_the_oldest_open_bulletin() -> None:
    backlog = rules.PatchBacklog(open_bulletins=2, oldest_open_released_on=TODAY - datetime.timedelta(days=12))
    [flag] = rules.lifecycle_flags(rules.LifecycleDates(), backlog, TODAY)
    assert (flag.label, flag.colour) == ("2 patches behind (12 days)", "warning")
    overdue = rules.PatchBacklog(open_bulletins=1, oldest_open_released_on=TODAY - datetime.timedelta(days=31))
    assert rules.lifecycle_flags(rules.LifecycleDates(), overdue, TODAY)[0].colour == "danger"
    critical = rules.PatchBacklog(open_bulletins=1, open_critical=1, oldest_open_released_on=TODAY)
    assert rules.lifecycle_flags(rules.LifecycleDates(), critical, TODAY)[0].label == "1 patch behind (0 days)"
    assert rules.lifecycle_flags(rules.LifecycleDates(), critical, TODAY)[0].colour == "danger"


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=20))
def test_days_behind_is_never_negative_and_zero_without_open_bulletins(age: int, count: int) -> None:
    backlog = rules.PatchBacklog(open_bulletins=count, oldest_open_released_on=TODAY - datetime.timedelta(days=age))
    assert rules.days_behind(backlog, TODAY) == (age if count else 0)
