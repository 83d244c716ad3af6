"""The KPI dashboards read a fixed number of queries whatever the data: more vendors, samples,
components, open incidents, alerts and tickets at risk leave every page's count unchanged. The
overview reads only each KPI's latest period (``latest_scorecard``), and its tiles are exactly
the full scorecard's."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from core.testing.queries import queries_per_path
from kpis.models import Kpi, KpiAlert, KpiRollup, Source
from kpis.selectors.dashboard import KpiView, latest_scorecard, scorecard
from kpis.services.samples import SampleInput, samples_ingest
from slas.tests.factories import incident_for
from tickets.models import SlaClock
from tickets.tests.factories import open_ticket
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, VendorFactory


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def measure(vendor: Vendor, *, components: int, days: int, vendor_user: object | None = None) -> None:
    """Probe samples of ``components`` new components over ``days`` days, the vendor's reports
    and a hand-entered figure."""
    for number in range(components):
        component = ComponentFactory(vendor=vendor, name=f"Archive {vendor.components.count()} {number}")
        samples_ingest(
            samples=[
                SampleInput(code, vendor.pk, hours_ago(24 * day + 2), value, component.pk)
                for day in range(days)
                for code, value in (("retrieval_time", "1.5"), ("echo_latency", "40"), ("probe_success", "1"))
            ],
            user=None,
            source=Source.PROBE,
        )
    reports = [SampleInput("prior_availability", vendor.pk, hours_ago(24 * day + 3), "99") for day in range(days)]
    samples_ingest(samples=reports, user=None, source=Source.VENDOR)
    samples_ingest(samples=[SampleInput("report_turnaround", vendor.pk, hours_ago(5), "7")], user=None, source="manual")


def trouble(vendor: Vendor, count: int) -> None:
    """``count`` open incidents (two components each), open alerts and tickets at risk."""
    for number in range(count):
        parts = [ComponentFactory(vendor=vendor, name=f"Down {vendor.components.count()} {side}") for side in "ab"]
        incident_for(vendor, title=f"Outage {number}", components=parts)
        ticket = open_ticket(vendor, title=f"At risk {number}")
        SlaClock.objects.filter(ticket=ticket, state=SlaClock.State.RUNNING).update(due_at=timezone.now())
        open_ticket(vendor, title=f"On track {number}")
    raised = KpiAlert.objects.filter(vendor=vendor).count()
    for kpi in Kpi.objects.order_by("code")[raised : raised + count]:
        KpiAlert.objects.create(
            kpi=kpi,
            vendor=vendor,
            component=vendor.components.first(),
            kind=KpiAlert.Kind.THRESHOLD,
            level=KpiAlert.Level.BREACH,
            message=f"{kpi.name} missed its target.",
            raised_at=timezone.now(),
        )


def counts(client: Client, paths: list[str]) -> dict[str, int]:
    queries_per_path(client, paths)  # the first request of a session stores it
    return queries_per_path(client, paths)


@pytest.mark.django_db
def test_vendor_dashboard_and_portal_queries_stay_flat(
    staff_client: Client, vendor_client: Client, vendor: Vendor
) -> None:
    hospital = [
        f"/kpis/dashboard/{vendor.pk}/",
        f"/kpis/dashboard/{vendor.pk}/?from=2000-01-01",
        f"/kpis/dashboard/{vendor.pk}/?export=csv&kpi=retrieval_time",
    ]
    portal = ["/portal/kpis/", "/portal/kpis/?export=csv&kpi=retrieval_time"]
    measure(vendor, components=1, days=1)
    trouble(vendor, 1)
    before = counts(staff_client, hospital) | counts(vendor_client, portal)

    measure(vendor, components=3, days=40)
    trouble(vendor, 4)
    after = counts(staff_client, hospital) | counts(vendor_client, portal)

    assert after == before
    page = staff_client.get(hospital[0]).content.decode()
    assert "Open alerts (5)" in page
    assert "At risk 3" in page


@pytest.mark.django_db
def test_overview_queries_stay_flat_as_vendors_and_samples_grow(staff_client: Client, vendor: Vendor) -> None:
    measure(vendor, components=1, days=1)
    VendorFactory(name="No KPI data yet")
    before = counts(staff_client, ["/kpis/dashboard/"])

    for number in range(3):
        measure(VendorFactory(name=f"Measured vendor {number}"), components=2, days=30)
    measure(vendor, components=2, days=60)
    after = counts(staff_client, ["/kpis/dashboard/"])

    assert after == before
    page = staff_client.get("/kpis/dashboard/").content.decode()
    assert "Measured vendor 2" in page
    assert "Image retrieval time: 1.5 s" in page


def rollup(vendor: Vendor, code: str, source: str, day: datetime.date, value: str, **fields: object) -> None:
    kpi = Kpi.objects.get(code=code)
    period = fields.pop("period", kpi.period)
    start = {"day": day, "week": day - datetime.timedelta(days=day.weekday()), "month": day.replace(day=1)}[period]
    KpiRollup.objects.create(
        kpi=kpi,
        vendor=vendor,
        source=source,
        period=period,
        period_start=start,
        value=Decimal(value),
        samples=1,
        minimum=Decimal(value),
        maximum=Decimal(value),
        **fields,
    )


def tiles(views: list[KpiView]) -> list[tuple[object, ...]]:
    """What a tile shows, in the order shown."""
    return [
        (view.kpi.code, view.current, view.status, view.reported, view.differs, view.latest.period_start)
        for view in views
    ]


@pytest.mark.django_db
def test_the_overviews_latest_tiles_are_the_full_scorecards(vendor: Vendor, other_vendor: Vendor) -> None:
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    archive = ComponentFactory(vendor=vendor, name="Archive")
    # Measured twice, reported at the later measurement (differs) and after it.
    rollup(vendor, "retrieval_time", "probe", ago(10), "1.2")
    rollup(vendor, "retrieval_time", "probe", ago(5), "2.5")
    rollup(vendor, "retrieval_time", "vendor", ago(5), "1.1")
    rollup(vendor, "retrieval_time", "vendor", ago(2), "0.9")
    # The KPI's own source wins over a correction of the same day; a later correction alone is the latest.
    rollup(vendor, "query_latency", "manual", ago(8), "3000")
    rollup(vendor, "query_latency", "probe", ago(8), "800")
    rollup(vendor, "query_latency", "manual", ago(3), "1500")
    # Only the vendor reports: its latest report is the value.
    rollup(vendor, "failed_transfers", "vendor", ago(9), "0")
    rollup(vendor, "failed_transfers", "vendor", ago(4), "3")
    # Monthly: the hospital's own figure last month, the vendor's this month and last.
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    rollup(vendor, "prior_availability", "manual", last_month, "94")
    rollup(vendor, "prior_availability", "vendor", last_month, "99")
    rollup(vendor, "prior_availability", "vendor", today, "99.5")
    # Not read: another period of a daily KPI, a component's roll-up, an inactive KPI.
    rollup(vendor, "echo_latency", "probe", ago(1), "900", period="week")
    rollup(vendor, "echo_latency", "probe", ago(1), "900", component=archive)
    rollup(vendor, "echo_latency", "probe", ago(6), "50")
    rollup(vendor, "study_volume", "probe", ago(1), "100")
    Kpi.objects.filter(code="study_volume").update(active=False)
    rollup(other_vendor, "retrieval_time", "probe", ago(1), "4")
    rollup(other_vendor, "uptime", "computed", today, "99.95")
    rollup(other_vendor, "uptime", "vendor", today, "99.99")
    vendors = [vendor.pk, other_vendor.pk, VendorFactory(name="Without data").pk]

    for start, end in ((ago(365), today), (ago(7), today), (ago(9), ago(4)), (ago(400), ago(200))):
        full, latest = scorecard(vendors, start, end), latest_scorecard(vendors, start, end)
        assert {pk: tiles(views) for pk, views in latest.items()} == {pk: tiles(views) for pk, views in full.items()}

    views = {view.kpi.code: view for view in latest_scorecard(vendors, ago(365), today)[vendor.pk]}
    assert set(views) == {"retrieval_time", "query_latency", "failed_transfers", "prior_availability", "echo_latency"}
    assert (views["retrieval_time"].current, views["retrieval_time"].reported) == (Decimal("2.5"), Decimal("1.1"))
    assert views["retrieval_time"].differs
    assert views["query_latency"].current == Decimal("1500")
    assert (views["failed_transfers"].current, views["failed_transfers"].status.level) == (Decimal(3), "breach")
    assert (views["prior_availability"].current, views["prior_availability"].reported) == (Decimal(94), Decimal(99))
    assert views["echo_latency"].current == Decimal(50)
