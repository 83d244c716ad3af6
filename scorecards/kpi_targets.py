"""Whether a KPI holds an improvement-plan item's target, without the ORM: the item is achieved
when each of the last ``periods`` finished months has a value on the right side of the target;
at risk when the latest month misses it or has no value; on track otherwise (the latest month
holds, the run is not long enough yet)."""

from collections.abc import Sequence
from decimal import Decimal

ACHIEVED, ON_TRACK, AT_RISK = "achieved", "on_track", "at_risk"


def holds(value: Decimal | None, target: Decimal, *, higher_is_better: bool) -> bool:
    if value is None:
        return False
    return value >= target if higher_is_better else value <= target


def judge(values: Sequence[Decimal | None], target: Decimal, *, higher_is_better: bool, periods: int) -> str:
    """``values`` oldest first, one per month, the latest finished month last."""
    if periods < 1:
        raise ValueError("An item holds its target for at least one month.")
    recent = list(values)[-periods:]
    if len(recent) == periods and all(holds(v, target, higher_is_better=higher_is_better) for v in recent):
        return ACHIEVED
    if not recent or not holds(recent[-1], target, higher_is_better=higher_is_better):
        return AT_RISK
    return ON_TRACK
