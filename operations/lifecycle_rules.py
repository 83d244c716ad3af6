"""What a component's lifecycle dates and open bulletins mean today: pure, without the ORM.

Flags are shown wherever a component appears in operations (the overview, its page, the portal)
as a text badge with a Bootstrap colour; the text always says the same as the colour:

- past end of life / past end of support (danger); support ending within ``SUPPORT_SOON_DAYS``
  (warning);
- out of warranty (secondary); warranty ending within ``WARRANTY_SOON_DAYS`` (warning);
- patches behind: unapplied security bulletins, with the days since the oldest was released;
  danger when a critical one is open or the oldest is older than ``PATCH_OVERDUE_DAYS``.
"""

import datetime
from dataclasses import dataclass

SUPPORT_SOON_DAYS = 180
WARRANTY_SOON_DAYS = 90
PATCH_OVERDUE_DAYS = 30

PAST_END_OF_LIFE = "past_end_of_life"
PAST_END_OF_SUPPORT = "past_end_of_support"
SUPPORT_ENDING = "support_ending"
OUT_OF_WARRANTY = "out_of_warranty"
WARRANTY_ENDING = "warranty_ending"
PATCHES_BEHIND = "patches_behind"

FLAG_CHOICES = (
    (PAST_END_OF_SUPPORT, "Past end of support"),
    (SUPPORT_ENDING, f"Support ends within {SUPPORT_SOON_DAYS} days"),
    (WARRANTY_ENDING, f"Warranty ends within {WARRANTY_SOON_DAYS} days"),
    (OUT_OF_WARRANTY, "Out of warranty"),
    (PATCHES_BEHIND, "Patches behind"),
    (PAST_END_OF_LIFE, "Past end of life"),
)


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    colour: str  # a Bootstrap contextual colour; the label says the same in words


@dataclass(frozen=True)
class LifecycleDates:
    support_ends_on: datetime.date | None = None
    end_of_life_on: datetime.date | None = None
    warranty_ends_on: datetime.date | None = None


@dataclass(frozen=True)
class PatchBacklog:
    open_bulletins: int = 0
    open_critical: int = 0
    oldest_open_released_on: datetime.date | None = None


def days_behind(backlog: PatchBacklog, today: datetime.date) -> int:
    """Days since the oldest unapplied bulletin was released; 0 when every fix is applied."""
    if not backlog.open_bulletins or backlog.oldest_open_released_on is None:
        return 0
    return max((today - backlog.oldest_open_released_on).days, 0)


def _support_flags(dates: LifecycleDates, today: datetime.date) -> list[Flag]:
    if dates.end_of_life_on is not None and dates.end_of_life_on < today:
        return [Flag(PAST_END_OF_LIFE, f"Past end of life since {dates.end_of_life_on:%Y-%m-%d}", "danger")]
    if dates.support_ends_on is None:
        return []
    if dates.support_ends_on < today:
        return [Flag(PAST_END_OF_SUPPORT, f"Past end of support since {dates.support_ends_on:%Y-%m-%d}", "danger")]
    if (dates.support_ends_on - today).days <= SUPPORT_SOON_DAYS:
        return [Flag(SUPPORT_ENDING, f"Support ends {dates.support_ends_on:%Y-%m-%d}", "warning")]
    return []


def _warranty_flags(dates: LifecycleDates, today: datetime.date) -> list[Flag]:
    if dates.warranty_ends_on is None:
        return []
    if dates.warranty_ends_on < today:
        return [Flag(OUT_OF_WARRANTY, "Out of warranty", "secondary")]
    if (dates.warranty_ends_on - today).days <= WARRANTY_SOON_DAYS:
        return [Flag(WARRANTY_ENDING, f"Warranty ends {dates.warranty_ends_on:%Y-%m-%d}", "warning")]
    return []


def _patch_flags(backlog: PatchBacklog, today: datetime.date) -> list[Flag]:
    if not backlog.open_bulletins:
        return []
    behind = days_behind(backlog, today)
    count = backlog.open_bulletins
    label = f"{count} {'patch' if count == 1 else 'patches'} behind ({behind} {'day' if behind == 1 else 'days'})"
    urgent = backlog.open_critical > 0 or behind > PATCH_OVERDUE_DAYS
    return [Flag(PATCHES_BEHIND, label, "danger" if urgent else "warning")]


def lifecycle_flags(dates: LifecycleDates, backlog: PatchBacklog, today: datetime.date) -> list[Flag]:
    """Every flag of one component today, the most serious first."""
    return [*_support_flags(dates, today), *_patch_flags(backlog, today), *_warranty_flags(dates, today)]
