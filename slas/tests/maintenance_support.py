"""Shared by the maintenance-window tests: the template SLA with its Sunday window, and dates."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from slas import defaults
from slas.models import Agreement, BusinessCalendar
from slas.tests.factories import agreement_for
from vendors.models import Vendor
from vendors.tests.factories import ContractFactory

BERLIN = ZoneInfo("Europe/Berlin")
# Sunday 1 March 2026, a past Sunday (CET, no DST change near it).
PAST_SUNDAY = dt.date(2026, 3, 1)


def berlin(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def next_sunday(weeks_ahead: int = 2) -> dt.date:
    """A Sunday at least ``weeks_ahead`` weeks from today (hospital date)."""
    today = timezone.localdate()
    return today + dt.timedelta(days=(6 - today.weekday()) % 7 + 7 * weeks_ahead)


def sla_with_sunday_window(vendor: Vendor, *, reference: str = "MIS-2024-017", notice_hours: int = 48) -> Agreement:
    """The template SLA from 2025: 48 h written notice, maintenance only Sunday 00:00-06:00."""
    calendar = BusinessCalendar.objects.filter(name="Sunday 00:00-06:00").first()
    calendar = calendar or defaults.maintenance_window_calendar(name="Sunday 00:00-06:00")
    contract = ContractFactory(vendor=vendor, reference=reference, start_date=dt.date(2025, 1, 1))
    agreement = agreement_for(contract)
    agreement.maintenance_calendar = calendar
    agreement.maintenance_notice_hours = notice_hours
    agreement.save()
    return agreement
