"""The pure rule of KPI-tied plan items (``scorecards.kpi_targets``)."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecards import kpi_targets

TARGET = Decimal(5)
month_values = st.lists(st.one_of(st.none(), st.integers(0, 100).map(lambda n: Decimal(n) / 10)), max_size=8)


def test_examples() -> None:
    judge = kpi_targets.judge
    assert judge([Decimal(6), Decimal(7), Decimal(5)], TARGET, higher_is_better=True, periods=3) == "achieved"
    assert judge([Decimal(4), Decimal(7), Decimal(5)], TARGET, higher_is_better=True, periods=3) == "on_track"
    assert judge([Decimal(6), Decimal(7), None], TARGET, higher_is_better=True, periods=3) == "at_risk"
    assert judge([Decimal(4), Decimal(3)], TARGET, higher_is_better=False, periods=2) == "achieved"
    assert judge([Decimal(4)], TARGET, higher_is_better=False, periods=2) == "on_track"  # not long enough yet
    assert judge([], TARGET, higher_is_better=False, periods=1) == "at_risk"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(month_values, st.integers(min_value=1, max_value=6), st.booleans())
def test_achieved_means_every_recent_month_holds(series: list, periods: int, higher: bool) -> None:
    outcome = kpi_targets.judge(series, TARGET, higher_is_better=higher, periods=periods)
    recent = series[-periods:]
    holding = [kpi_targets.holds(v, TARGET, higher_is_better=higher) for v in recent]
    if outcome == kpi_targets.ACHIEVED:
        assert len(recent) == periods
        assert all(holding)
    elif outcome == kpi_targets.ON_TRACK:
        assert holding[-1]
        assert not all(holding) or len(recent) < periods
    else:
        assert not recent or not holding[-1]
