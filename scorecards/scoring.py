"""Score arithmetic, without the ORM: a measured value to a score from 0 to 100 (linear between a
floor and a target, or bands), the weighted total, and the standing a total falls in.

A direction is part of every rule: ``floor`` is the value worth 0 and ``target`` the value worth
100, so a floor above the target means lower is better (minutes to respond, breaches)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

ZERO = Decimal(0)
HUNDRED = Decimal(100)
SCORE_PLACES = Decimal("0.1")


def rounded(score: Decimal) -> Decimal:
    """Scores and totals keep one decimal."""
    return score.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def linear(value: Decimal, *, floor: Decimal, target: Decimal) -> Decimal:
    """0 at ``floor`` or worse, 100 at ``target`` or better, a straight line between."""
    if floor == target:
        raise ValueError("The floor and the target must differ.")
    share = (value - floor) / (target - floor)
    return rounded(min(max(share, ZERO), Decimal(1)) * HUNDRED)


@dataclass(frozen=True)
class Band:
    """A value at ``threshold`` or better scores ``score``."""

    threshold: Decimal
    score: Decimal


def banded(value: Decimal, bands: Sequence[Band], *, higher_is_better: bool) -> Decimal:
    """The score of the best band the value reaches, 0 if it reaches none."""
    if higher_is_better:
        reached = [band.score for band in bands if value >= band.threshold]
    else:
        reached = [band.score for band in bands if value <= band.threshold]
    return rounded(max(reached, default=ZERO))


def bands_problem(bands: Sequence[Band], *, higher_is_better: bool) -> str:
    """Why the bands cannot score ("" when they can): at least one, scores 0 to 100, and a
    better threshold never scoring less."""
    if not bands:
        return "Give at least one band."
    if any(not ZERO <= band.score <= HUNDRED for band in bands):
        return "Band scores lie from 0 to 100."
    if len({band.threshold for band in bands}) != len(bands):
        return "Each band needs its own threshold."
    ordered = sorted(bands, key=lambda band: band.threshold, reverse=not higher_is_better)
    if any(later.score < earlier.score for earlier, later in pairwise(ordered)):
        return "A better threshold cannot score less than a worse one."
    return ""


@dataclass(frozen=True)
class Weighted:
    weight: int
    score: Decimal | None  # None: not scored (no data, or a manual score not given yet)


def total(parts: Sequence[Weighted]) -> Decimal | None:
    """The weighted mean of the scored parts, weights of unscored parts left out; None if
    nothing is scored."""
    scored = [part for part in parts if part.score is not None]
    weight = sum(part.weight for part in scored)
    if not weight:
        return None
    return rounded(sum(Decimal(part.weight) * part.score for part in scored) / weight)


@dataclass(frozen=True)
class Level:
    name: str
    minimum: Decimal  # from this total up to the next level's minimum


def standings_problem(levels: Sequence[Level]) -> str:
    """Why the levels do not cover 0 to 100 without a gap ("" when they do): one starts at 0,
    each minimum from 0 to 100 and distinct, each a name."""
    if not levels:
        return "Give at least one standing."
    minimums = [level.minimum for level in levels]
    if any(not ZERO <= minimum <= HUNDRED for minimum in minimums):
        return "A standing's minimum total lies from 0 to 100."
    if len(set(minimums)) != len(minimums):
        return "Two standings cannot start at the same total."
    if ZERO not in minimums:
        return "One standing must start at 0, so every total has a standing."
    if any(not level.name.strip() for level in levels):
        return "Every standing needs a name."
    return ""


def standing_of(value: Decimal, levels: Sequence[Level]) -> Level:
    """The level whose range holds ``value``: the highest minimum at or below it."""
    return max((level for level in levels if level.minimum <= value), key=lambda level: level.minimum)


LIKERT_LOWEST = Decimal(1)
LIKERT_HIGHEST = Decimal(5)


def likert_score(mean: Decimal) -> Decimal:
    """A mean answer on the 1-to-5 scale as a score: 1 is 0, 5 is 100, a straight line between."""
    return linear(mean, floor=LIKERT_LOWEST, target=LIKERT_HIGHEST)
