"""Fixtures shared by the SLA tests."""

import datetime

import pytest

from slas.models import BusinessCalendar
from slas.tests.factories import office_calendar, round_the_clock_calendar
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory


@pytest.fixture(autouse=True)
def _english_holiday_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # The product asks the holidays package for English names; pin the locale anyway so a
    # test that imitates another server locale starts from a known one.
    monkeypatch.setenv("LANGUAGE", "en_US")


@pytest.fixture
def office() -> BusinessCalendar:
    return office_calendar()


@pytest.fixture
def always() -> BusinessCalendar:
    return round_the_clock_calendar()


@pytest.fixture
def contract(vendor: Vendor) -> Contract:
    return ContractFactory(vendor=vendor, reference="MIS-2024-017", start_date=datetime.date(2025, 1, 1))
