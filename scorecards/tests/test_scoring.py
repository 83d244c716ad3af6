from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecards import scoring
from scorecards.scoring import Band, Level, Weighted

values = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


def test_linear_runs_from_the_floor_to_the_target_either_way() -> None:
    assert scoring.linear(Decimal("99.45"), floor=Decimal(99), target=Decimal("99.9")) == Decimal("50.0")
    assert scoring.linear(Decimal(98), floor=Decimal(99), target=Decimal("99.9")) == 0
    assert scoring.linear(Decimal(100), floor=Decimal(99), target=Decimal("99.9")) == 100
    # lower is better: 240 minutes scores 0, 30 scores 100
    assert scoring.linear(Decimal(135), floor=Decimal(240), target=Decimal(30)) == Decimal("50.0")
    with pytest.raises(ValueError, match="differ"):
        scoring.linear(Decimal(1), floor=Decimal(2), target=Decimal(2))


@given(values, values, values)
def test_a_linear_score_lies_from_0_to_100(value: Decimal, floor: Decimal, target: Decimal) -> None:
    if floor == target:
        return
    assert 0 <= scoring.linear(value, floor=floor, target=target) <= 100


def test_bands_give_the_best_band_reached() -> None:
    bands = [Band(Decimal(2), Decimal(100)), Band(Decimal(5), Decimal(60))]
    assert scoring.banded(Decimal(1), bands, higher_is_better=False) == 100
    assert scoring.banded(Decimal(4), bands, higher_is_better=False) == 60
    assert scoring.banded(Decimal(9), bands, higher_is_better=False) == 0
    assert scoring.bands_problem(bands, higher_is_better=False) == ""
    assert "cannot score less" in scoring.bands_problem(bands, higher_is_better=True)
    assert scoring.bands_problem([], higher_is_better=True) == "Give at least one band."


def test_the_total_leaves_out_what_is_not_scored() -> None:
    assert scoring.total([Weighted(60, Decimal(100)), Weighted(40, Decimal(50))]) == Decimal("80.0")
    assert scoring.total([Weighted(60, Decimal(90)), Weighted(40, None)]) == Decimal("90.0")
    assert scoring.total([Weighted(60, None)]) is None


@given(st.lists(st.tuples(st.integers(1, 100), st.one_of(st.none(), st.decimals(0, 100, places=1))), max_size=8))
def test_a_total_lies_within_its_scores(parts: list[tuple[int, Decimal | None]]) -> None:
    result = scoring.total([Weighted(weight, score) for weight, score in parts])
    scores = [score for _, score in parts if score is not None]
    if not scores:
        assert result is None
    else:
        assert min(scores) - Decimal("0.05") <= result <= max(scores) + Decimal("0.05")


DEFAULTS = [
    Level("Strategic", Decimal(85)),
    Level("Preferred", Decimal(70)),
    Level("Conditional", Decimal(50)),
    Level("Probation", Decimal(0)),
]


@given(st.decimals(0, 100, places=1))
def test_every_total_has_exactly_one_standing(value: Decimal) -> None:
    level = scoring.standing_of(value, DEFAULTS)
    assert level.minimum <= value
    assert not any(level.minimum < other.minimum <= value for other in DEFAULTS)


def test_standings_must_cover_0_to_100_without_a_gap() -> None:
    assert scoring.standings_problem(DEFAULTS) == ""
    assert "start at 0" in scoring.standings_problem(DEFAULTS[:3])
    assert "same total" in scoring.standings_problem([*DEFAULTS, Level("Twin", Decimal(70))])
    assert "from 0 to 100" in scoring.standings_problem([*DEFAULTS, Level("Over", Decimal(101))])
    assert scoring.standings_problem([]) == "Give at least one standing."
