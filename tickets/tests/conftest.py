"""Fixtures shared by the ticket tests."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from slas.models import Agreement
from slas.tests.factories import agreement_for
from tickets.tests.support import PinnedNow
from vendors.models import Vendor
from vendors.tests.factories import ContractFactory


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> PinnedNow:
    """``timezone.now()`` as the test sets it (default: a quiet Sunday after all events)."""
    pinned = PinnedNow(datetime.datetime(2026, 12, 20, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    monkeypatch.setattr(timezone, "now", lambda: pinned.value)
    return pinned


@pytest.fixture
def agreement(vendor: Vendor) -> Agreement:
    """The template SLA on a contract running 2025-2028 (fixed dates: tests never age)."""
    return agreement_for(ContractFactory(vendor=vendor, start_date=datetime.date(2025, 1, 1)))


@pytest.fixture
def other_agreement(other_vendor: Vendor) -> Agreement:
    return agreement_for(ContractFactory(vendor=other_vendor, start_date=datetime.date(2025, 1, 1)))
