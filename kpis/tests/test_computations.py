"""KPIs computed from the tickets and the availability records, October 2026 by hand. The KPIs
that apps above compute through ``kpis.computed_sources`` are left out here (their own tests
cover them, and ``test_computed_sources.py`` the registry)."""

import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from kpis import computed_sources
from kpis.models import KpiRollup, KpiSample, Source
from kpis.services.computations import kpis_compute
from kpis.tasks import compute_kpis
from slas.tests.factories import agreement_for, incident_for
from tickets.services import tickets as lifecycle
from tickets.services.ratings import ticket_rate
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, ContractFactory

BERLIN = ZoneInfo("Europe/Berlin")
OCTOBER = datetime.date(2026, 10, 1)
NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=BERLIN)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 10, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def only_kpis_own_computations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(computed_sources, "_sources", [])


@pytest.fixture
def october(vendor: Vendor, admin_user, vendor_user) -> None:
    """Two P1 tickets (one answered in 5 minutes and fixed in an hour, one answered in 30 minutes,
    fixed after 6 hours and reopened once) and a two-hour outage."""
    agreement_for(ContractFactory(vendor=vendor, start_date=datetime.date(2025, 1, 1)))
    quick = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Viewer down", at=at(5, 10))
    lifecycle.ticket_respond(ticket=quick, by=vendor_user, at=at(5, 10, 5))
    lifecycle.ticket_resolve(ticket=quick, by=vendor_user, at=at(5, 11))
    ticket_rate(ticket=quick, by=admin_user, score=5, at=at(5, 12))
    slow = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Archive down", at=at(6, 10))
    lifecycle.ticket_respond(ticket=slow, by=vendor_user, at=at(6, 10, 30))
    lifecycle.ticket_resolve(ticket=slow, by=vendor_user, at=at(6, 16))
    lifecycle.ticket_reopen(ticket=slow, by=admin_user, at=at(7, 9), reason="Back again")
    lifecycle.ticket_resolve(ticket=slow, by=vendor_user, at=at(7, 10))
    ticket_rate(ticket=slow, by=admin_user, score=3, at=at(7, 11))
    incident_for(vendor, started_at=at(13, 10), ended_at=at(13, 12), components=[ComponentFactory(vendor=vendor)])


def values(vendor: Vendor) -> dict[str, Decimal]:
    return dict(KpiSample.objects.filter(vendor=vendor, source=Source.COMPUTED).values_list("kpi__code", "value"))


@pytest.mark.django_db
def test_the_month_computed_from_tickets_and_availability(vendor: Vendor, october: None) -> None:
    written = kpis_compute(month=OCTOBER, now=NOW)

    assert written == len(values(vendor))
    assert values(vendor) == {
        "ticket_volume": Decimal("2"),
        "response_within_sla": Decimal("50"),  # 5 min met the 15 min target, 30 min did not
        "resolution_within_sla": Decimal("50"),  # 1 h met the 4 h target, 6 h did not
        "median_response": Decimal("17.5"),  # of 5 and 30 minutes
        "reopen_rate": Decimal("33.3333"),  # 1 reopening of 3 resolutions
        "satisfaction": Decimal("4"),  # ratings 5 and 3
        "uptime": Decimal("99.7315"),  # (44,700 - 120) / 44,700, cut to four places
        "outages": Decimal("1"),
        "mttr": Decimal("120"),
        "mtbf": Decimal("30.9583"),  # 44,580 minutes up per outage, in days
    }
    month_rollup = KpiRollup.objects.get(
        kpi__code="uptime", vendor=vendor, period="month", period_start=OCTOBER, component=None
    )
    assert month_rollup.value == Decimal("99.7315")


@pytest.mark.django_db
def test_recomputing_replaces_the_months_values(vendor: Vendor, october: None) -> None:
    kpis_compute(month=OCTOBER, now=NOW)
    first = KpiSample.objects.filter(source=Source.COMPUTED).count()

    kpis_compute(month=OCTOBER, now=NOW)

    assert KpiSample.objects.filter(source=Source.COMPUTED).count() == first
    assert values(vendor)["ticket_volume"] == Decimal("2")


@pytest.mark.django_db
def test_a_month_not_begun_computes_nothing(vendor: Vendor) -> None:
    assert kpis_compute(month=datetime.date(2999, 1, 1)) == 0


@pytest.mark.django_db
def test_the_task_and_the_command_compute_this_month_and_the_last(vendor: Vendor) -> None:
    written = compute_kpis()
    assert written == KpiSample.objects.filter(source=Source.COMPUTED).count() > 0  # uptime 100 %, no outages

    out = StringIO()
    call_command("compute_kpis", stdout=out)
    assert "computed" in out.getvalue()
