"""The figures every page, portal page and PDF shows (core.formatting and its template filters)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import (
    format_count,
    format_elapsed,
    format_hours,
    format_minutes,
    format_money,
    format_number,
    format_percent,
    format_quantity,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("451441.10", "451,441"),
        (Decimal("1204.5"), "1,205"),
        ("123.45", "123.5"),
        (3.1, "3.1"),
        ("3.1000", "3.1"),
        ("0.25", "0.25"),
        (12, "12"),
        ("-0.001", "0"),
        (None, "–"),
        ("", "–"),
        ("n/a", "–"),
    ],
)
def test_numbers_have_separators_and_no_more_decimals_than_they_need(value: object, expected: str) -> None:
    assert format_number(value) == expected


def test_given_places_a_number_keeps_them() -> None:
    assert format_number("1204.5", 2) == "1,204.50"
    assert format_number(7, 0) == "7"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("99.950", None, "99.95 %"),
        ("5.00", None, "5 %"),
        ("99.999", None, "99.999 %"),
        ("66.6667", 1, "66.7 %"),
        ("75", 1, "75.0 %"),
        ("99.64", 3, "99.640 %"),
    ],
)
def test_percentages(value: str, places: int | None, expected: str) -> None:
    assert format_percent(value, places) == expected


def test_counts_agree_with_their_noun() -> None:
    assert [format_count(n, "ticket") for n in (0, 1, 2, 1204)] == [
        "0 tickets",
        "1 ticket",
        "2 tickets",
        "1,204 tickets",
    ]
    assert format_count(3, "study", "studies") == "3 studies"


def test_money_quantities_and_lengths_of_time() -> None:
    assert format_money("10000", "EUR") == "10,000.00 EUR"
    assert format_money(None, "EUR") == "–"
    assert format_quantity("451441.10", "GB") == "451,441 GB"
    assert format_quantity("4", "count") == "4"
    assert format_quantity("66.6667", "%") == "66.67 %"
    assert [format_hours(s) for s in (0, 108000, 5400, 2700, 29.9)] == ["0 h", "30 h", "1 h 30 min", "45 min", "0 h"]
    assert format_hours(360000) == "100 h"  # business time has no days
    assert [format_minutes(m) for m in ("92.5", 3000, 2880, "0.3", 0)] == [
        "1 h 33 min",
        "2 d 2 h",
        "2 d",
        "< 1 min",
        "0 min",
    ]
    assert format_elapsed(datetime.timedelta(hours=3, minutes=5)) == "3 h 5 min"


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4))
def test_a_number_shown_is_the_value_rounded_to_what_it_shows(value: Decimal) -> None:
    shown = format_number(value)
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    assert abs(Decimal(shown.replace(",", "")) - value) <= Decimal("0.5").scaleb(-decimals)
    assert decimals <= 2


def test_the_filters_are_these_functions() -> None:
    template = Template(
        "{% load formatting %}{{ n|number }} · {{ p|percent:1 }} · {{ m|money:'EUR' }} · "
        "{{ s|hours }} · {{ t|duration }}"
    )
    context = Context({"n": "451441.1", "p": "66.6667", "m": 1500, "s": 108000, "t": datetime.timedelta(hours=4)})
    assert template.render(context) == "451,441 · 66.7 % · 1,500.00 EUR · 30 h · 4h"
