"""The KPI dashboard: status against target in words, measured beside vendor-reported, trends
and their CSV, the live SLA panels, the portal's copy; roll-ups only, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from core.testing.queries import queries_per_path
from kpis.models import Kpi
from kpis.selectors.dashboard import assess
from kpis.services.samples import SampleInput, samples_ingest
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory


def days_ago(days: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour))) - (
        datetime.timedelta(days=days)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "value", "level", "text"),
    [
        ("retrieval_time", "3.5", "breach", "Target missed: above 3 s"),
        ("retrieval_time", "2.5", "warning", "Close to target: above 2 s, the warning level"),
        ("retrieval_time", "1.2", "ok", "On target: 3 s or less"),
        ("prior_availability", "94", "breach", "Target missed: below 95 %"),
        ("prior_availability", "96", "warning", "Close to target: below 97 %, the warning level"),
        ("ticket_volume", "12", "none", "Not assessed: no target set"),
    ],
)
def test_status_against_target_is_said_in_words(code: str, value: str, level: str, text: str) -> None:
    status = assess(Kpi.objects.get(code=code), Decimal(value))
    assert (status.level, status.text) == (level, text)


@pytest.fixture
def measured(vendor: Vendor, admin_user, vendor_user) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    rows = [
        SampleInput("retrieval_time", vendor.pk, days_ago(day, hour), "1.5", archive.pk)
        for day in (30, 20)
        for hour in (9, 15)
    ]
    rows += [SampleInput("retrieval_time", vendor.pk, days_ago(1, hour), "4.5", archive.pk) for hour in (9, 15)]
    samples_ingest(samples=rows, user=None, source="probe")
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, days_ago(1), "99")], user=vendor_user)
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, days_ago(1), "91")], user=admin_user)


@pytest.mark.django_db
def test_vendor_dashboard_shows_status_difference_and_trends(staff_client: Client, vendor: Vendor, measured) -> None:
    response = staff_client.get(f"/kpis/dashboard/{vendor.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Image retrieval time" in page
    assert "Target missed: above 3 s" in page
    assert "Red" in page
    assert "Vendor reports 99 %: differs from our measurement" in page
    assert 'id="kpi-charts-data"' in page
    views = {view.kpi.code: view for view in response.context["views"]}
    assert views["retrieval_time"].current == Decimal("4.5")
    assert views["prior_availability"].current == Decimal("91")
    assert views["prior_availability"].differs
    # Worst first: both red KPIs lead.
    assert [view.status.level for view in response.context["views"]][:2] == ["breach", "breach"]


@pytest.mark.django_db
def test_any_charts_data_downloads_as_csv(staff_client: Client, vendor: Vendor, measured) -> None:
    response = staff_client.get(f"/kpis/dashboard/{vendor.pk}/", {"export": "csv", "kpi": "prior_availability"})

    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "period_start,measured (%),vendor reported (%),target"
    assert lines[1].endswith(",91.0000,99.0000,95.0000")
    assert staff_client.get(f"/kpis/dashboard/{vendor.pk}/", {"export": "csv", "kpi": "nope"}).status_code == 404


@pytest.mark.django_db
def test_the_date_range_narrows_the_trends(staff_client: Client, vendor: Vendor, measured) -> None:
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    response = staff_client.get(f"/kpis/dashboard/{vendor.pk}/", {"from": since})

    view = next(view for view in response.context["views"] if view.kpi.code == "retrieval_time")
    assert len(view.points) == 1
    bad = staff_client.get(f"/kpis/dashboard/{vendor.pk}/", {"from": "yesterday", "to": "x"})
    assert bad.status_code == 200  # falls back to the last year


@pytest.mark.django_db
def test_dashboard_queries_stay_flat_as_samples_grow(staff_client: Client, vendor: Vendor, measured) -> None:
    path = f"/kpis/dashboard/{vendor.pk}/"
    queries_per_path(staff_client, [path])
    before = queries_per_path(staff_client, [path])[path]
    archive = vendor.components.get()
    samples_ingest(
        samples=[SampleInput("retrieval_time", vendor.pk, days_ago(day), "2", archive.pk) for day in range(2, 60)],
        user=None,
        source="probe",
    )
    samples_ingest(samples=[SampleInput("failed_transfers", vendor.pk, days_ago(3), "2")], user=None, source="vendor")
    assert queries_per_path(staff_client, [path])[path] == before


@pytest.mark.django_db
def test_overview_grid_lists_every_vendor(staff_client: Client, vendor: Vendor, other_vendor: Vendor, measured) -> None:
    response = staff_client.get("/kpis/dashboard/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Image retrieval time: 4.5 s" in page
    assert "No KPI values in this range" in page  # vendors without data: one compact line, not a card each
    assert f'<a href="/kpis/dashboard/{other_vendor.pk}/?from=' in page
    assert f'<a href="/kpis/dashboard/{vendor.pk}/?from=' in page


@pytest.mark.django_db
def test_the_portal_shows_the_vendor_the_same_dashboard(vendor_client: Client, vendor: Vendor, measured) -> None:
    response = vendor_client.get("/portal/kpis/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Target missed: above 3 s" in page
    assert "/sla/" not in page.split("<main", 1)[1]
    csv = vendor_client.get("/portal/kpis/", {"export": "csv", "kpi": "retrieval_time"})
    assert csv.status_code == 200


@pytest.mark.django_db
def test_vendor_users_reach_only_the_portal_copy(vendor_client: Client, vendor: Vendor) -> None:
    assert vendor_client.get(f"/kpis/dashboard/{vendor.pk}/").status_code == 404
    assert vendor_client.get("/kpis/dashboard/").status_code == 404


@pytest.mark.django_db
def test_open_alerts_show_on_the_dashboard(staff_client: Client, vendor: Vendor, measured) -> None:
    from kpis.services.alerts import alerts_refresh

    alerts_refresh()
    page = staff_client.get(f"/kpis/dashboard/{vendor.pk}/").content.decode()

    assert "Open alerts (2)" in page
    assert "Image retrieval time is 4.5 s. Target missed: above 3 s." in page


@pytest.mark.django_db
def test_tiles_are_grouped_by_area_red_and_amber_first(staff_client: Client, vendor: Vendor, admin_user) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    probed = [
        SampleInput("echo_latency", vendor.pk, days_ago(1), "20", archive.pk),  # performance, green
        SampleInput("query_latency", vendor.pk, days_ago(1), "1500", archive.pk),  # performance, amber
        SampleInput("storage_used", vendor.pk, days_ago(1), "1000", archive.pk),  # storage, no target
    ]
    samples_ingest(samples=probed, user=None, source="probe")
    entered = [
        SampleInput("failed_transfers", vendor.pk, days_ago(1), "4"),  # performance, red
        SampleInput("reopen_rate", vendor.pk, days_ago(1), "1"),  # support, green
        SampleInput("satisfaction", vendor.pk, days_ago(1), "3"),  # support, red
    ]
    samples_ingest(samples=entered, user=admin_user)
    response = staff_client.get(f"/kpis/dashboard/{vendor.pk}/")

    areas = [(area.group.label, [view.kpi.code for view in area.group.views]) for area in response.context["areas"]]
    assert areas == [
        ("Performance", ["failed_transfers", "query_latency", "echo_latency"]),
        ("Support", ["satisfaction", "reopen_rate"]),
        ("Storage", ["storage_used"]),
    ]
    page = response.content.decode()
    assert page.index('id="area-performance"') < page.index('id="area-support"') < page.index('id="area-storage"')
    assert "3 KPIs: 1 red, 1 amber, 1 green" in page
    # Red and amber trends are open; the others are folded away, one chart per KPI with data.
    performance = response.context["areas"][0]
    assert [chart["code"] for _, chart in performance.trends] == ["failed_transfers", "query_latency"]
    assert [chart["code"] for _, chart in performance.more_trends] == ["echo_latency"]
    charts = response.context["charts"]
    assert [charts[index]["code"] for index, _ in performance.trends] == ["failed_transfers", "query_latency"]
    assert len(charts) == 6
    # No uptime KPI here: nothing to tell apart from the live uptime.
    assert 'data-testid="uptime-explained"' not in page


@pytest.mark.django_db
def test_live_uptime_and_the_uptime_kpi_are_told_apart(staff_client: Client, vendor: Vendor) -> None:
    samples_ingest(samples=[SampleInput("uptime", vendor.pk, days_ago(1), "99.95")], user=None, source="computed")
    page = staff_client.get(f"/kpis/dashboard/{vendor.pk}/").content.decode()
    assert "Uptime this month, live" in page
    assert 'data-testid="uptime-explained"' in page
    assert page.index('id="area-availability"') < page.index('data-testid="uptime-explained"')


@pytest.mark.django_db
def test_every_catalogue_kpi_has_its_dashboard_area() -> None:
    from kpis.catalogue import CATALOGUE

    codes = [entry.code for entry in CATALOGUE]
    areas = dict(Kpi.objects.filter(code__in=codes).values_list("code", "area"))
    assert set(areas) == set(codes)
    assert "other" not in areas.values()
    assert areas["uptime"] == "availability"
    assert areas["retrieval_time"] == "performance"
    assert areas["satisfaction"] == "support"
    assert areas["storage_headroom"] == "storage"
