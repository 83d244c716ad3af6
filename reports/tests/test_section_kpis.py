"""The KPI section: each KPI's October 2026 against its target, measured beside vendor-reported,
twelve months of trend from the monthly roll-ups, and the headline KPIs the summary leads with."""

import datetime
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from core.months import month_bounds
from kpis.models import Kpi, KpiRollup, Source
from kpis.selectors.dashboard import kpi_views, monthly_views
from kpis.services.samples import SampleInput, samples_ingest
from reports.rendering import render_pdf
from reports.sections import kpis as section
from reports.sections.base import ReportPeriod
from reports.snapshot import snapshot_build
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=BERLIN)
OCTOBER = datetime.date(2026, 10, 1)
SEPTEMBER = datetime.date(2026, 9, 1)
AUGUST = datetime.date(2026, 8, 1)


@pytest.fixture(autouse=True)
def _pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def period_of(vendor: Vendor, month: datetime.date = OCTOBER) -> ReportPeriod:
    start, end = month_bounds(month)
    return ReportPeriod(vendor_id=vendor.pk, month=month, start=start, end=end, now=NOW)


def rollup(
    vendor: Vendor, code: str, month: datetime.date, value: str, *, source: str | None = None, **fields: object
) -> KpiRollup:
    kpi = Kpi.objects.get(code=code)
    fields.setdefault("period", "month")
    number = Decimal(value)
    return KpiRollup.objects.create(
        kpi=kpi,
        vendor=vendor,
        source=source or kpi.source,
        period_start=month,
        value=number,
        samples=1,
        minimum=number,
        maximum=number,
        **fields,
    )


@pytest.fixture
def kpi_month(vendor: Vendor, other_vendor: Vendor) -> None:
    """October 2026, by hand (targets from the catalogue):

    - uptime (higher, target 99.9, warning 99.95): measured 99.92, 99.97, 99.5 in Aug-Oct, the
      vendor reports 99.95 for October: red, and the vendor's figure differs (it would be green);
    - retrieval_time (lower, 3 s, warning 2 s): 1.8 then 2.5: amber;
    - prior_availability (vendor-reported only, higher, 95, warning 97): 96: amber;
    - report_turnaround (lower, 12 h): 6: green, October only;
    - satisfaction (higher, 4, warning 4.3): 4.1 then 4.5: green;
    - ticket_volume (no target): 12;
    - response_within_sla: September only, so nothing for October.
    Rows that must not count: a component's roll-up, a day roll-up, another vendor's, an
    inactive KPI's and one older than twelve months.
    """
    for month, value in ((AUGUST, "99.92"), (SEPTEMBER, "99.97"), (OCTOBER, "99.5")):
        rollup(vendor, "uptime", month, value)
    rollup(vendor, "uptime", OCTOBER, "99.95", source=Source.VENDOR)
    rollup(vendor, "uptime", datetime.date(2025, 10, 1), "90")  # thirteen months back
    rollup(vendor, "retrieval_time", SEPTEMBER, "1.8")
    rollup(vendor, "retrieval_time", OCTOBER, "2.5")
    rollup(vendor, "retrieval_time", OCTOBER, "9", component=ComponentFactory(vendor=vendor))
    rollup(vendor, "retrieval_time", datetime.date(2026, 10, 14), "7", period="day")
    rollup(vendor, "prior_availability", OCTOBER, "96")
    rollup(vendor, "report_turnaround", OCTOBER, "6")
    rollup(vendor, "satisfaction", SEPTEMBER, "4.1")
    rollup(vendor, "satisfaction", OCTOBER, "4.5")
    rollup(vendor, "ticket_volume", OCTOBER, "12")
    rollup(vendor, "response_within_sla", SEPTEMBER, "90")
    rollup(other_vendor, "uptime", OCTOBER, "50")
    Kpi.objects.filter(code="outages").update(active=False)
    rollup(vendor, "outages", OCTOBER, "4")


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {row["code"]: row for row in rows}


@pytest.mark.django_db
def test_each_kpi_of_the_month_against_its_target_worst_first(vendor: Vendor, kpi_month: None) -> None:
    data = section.build(period_of(vendor), {})

    assert [row["code"] for row in data["kpis"]] == [
        "uptime",
        "retrieval_time",
        "prior_availability",
        "report_turnaround",
        "satisfaction",
        "ticket_volume",
    ]
    rows = by_code(data["kpis"])
    uptime = rows["uptime"]
    assert {key: uptime[key] for key in ("value", "measured", "reported", "differs", "previous_value")} == {
        "value": "99.5",
        "measured": "99.5",
        "reported": "99.95",
        "differs": True,
        "previous_value": "99.97",
    }
    assert (uptime["target"], uptime["warning"], uptime["unit"], uptime["unit_suffix"]) == ("99.9", "99.95", "%", "%")
    assert (uptime["level"], uptime["label"], uptime["reason"]) == (
        "breach",
        "Target missed",
        "below 99.9 %",
    )
    assert (rows["retrieval_time"]["level"], rows["retrieval_time"]["reason"]) == (
        "warning",
        "above 2 s, the warning level",
    )
    assert rows["retrieval_time"]["value"] == "2.5"  # the vendor as a whole, the month roll-up
    assert rows["retrieval_time"]["differs"] is False
    vendor_only = rows["prior_availability"]
    assert (vendor_only["measured"], vendor_only["reported"], vendor_only["value"]) == (None, "96", "96")
    assert vendor_only["label"] == "Close to target"
    assert (rows["satisfaction"]["label"], rows["satisfaction"]["unit_suffix"]) == ("On target", "")
    assert (rows["ticket_volume"]["level"], rows["ticket_volume"]["reason"]) == ("none", "no target set")
    assert rows["report_turnaround"]["previous_value"] is None
    assert data["no_data_this_month"] == ["Help desk response within SLA"]
    assert data["differing"] == 1
    assert data["difference_flag_percent"] == "5.00"


@pytest.mark.django_db
def test_trend_is_twelve_calendar_months_ending_with_the_report_month(vendor: Vendor, kpi_month: None) -> None:
    data = section.build(period_of(vendor), {})

    assert data["months"][0] == "2025-11"
    assert data["months"][-1] == "2026-10"
    assert len(data["months"]) == 12
    uptime = by_code(data["kpis"])["uptime"]
    assert [point["month"] for point in uptime["trend"]] == data["months"]
    assert [point["measured"] for point in uptime["trend"]] == [None] * 9 + ["99.92", "99.97", "99.5"]
    assert [point["reported"] for point in uptime["trend"]] == [None] * 11 + ["99.95"]
    assert uptime["months_with_data"] == 3


@pytest.mark.django_db
def test_headline_kpis_for_the_summary(vendor: Vendor, kpi_month: None) -> None:
    data = section.build(period_of(vendor), {})

    assert [kpi["code"] for kpi in data["headline"]] == [
        "uptime",
        "retrieval_time",
        "report_turnaround",
        "satisfaction",
    ]
    assert data["headline"][0] == {
        "code": "uptime",
        "name": "Unscheduled availability",
        "unit": "%",
        "unit_suffix": "%",
        "value": "99.5",
        "target": "99.9",
        "level": "breach",
        "label": "Target missed",
        "reason": "below 99.9 %",
        "previous_value": "99.97",
    }
    assert data["headline"][1]["previous_value"] == "1.8"


@pytest.mark.django_db
def test_charts_for_kpis_with_two_months_or_more(
    vendor: Vendor, kpi_month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = section.build(period_of(vendor), {})

    drawn = section.charts_of(data)
    assert set(drawn) == {"uptime", "retrieval_time", "satisfaction"}
    assert all(svg.startswith("<svg") and svg.rstrip().endswith("</svg>") for svg in drawn.values())
    assert "Vendor-reported" in drawn["uptime"]  # a legend entry only where the vendor reported
    assert "Vendor-reported" not in drawn["satisfaction"]
    assert section.charts_of(json.loads(json.dumps(data))) == drawn  # from the data alone, repeatably
    monkeypatch.setattr(section, "CHARTS_SHOWN", 2)
    assert set(section.charts_of(data)) == {"uptime", "retrieval_time"}  # the worst first


def only_plain_types(value: object) -> bool:
    if type(value) is dict:
        return all(type(key) is str and only_plain_types(item) for key, item in value.items())
    if type(value) is list:
        return all(only_plain_types(item) for item in value)
    return type(value) in (str, int, bool, type(None))


@pytest.mark.django_db
def test_data_is_json_safe(vendor: Vendor, kpi_month: None) -> None:
    data = section.build(period_of(vendor), {})

    assert json.loads(json.dumps(data)) == data
    assert only_plain_types(data)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_kpis_or_months(vendor: Vendor) -> None:
    rollup(vendor, "uptime", OCTOBER, "99.99")
    with CaptureQueriesContext(connection) as few:
        section.build(period_of(vendor), {})
    for code in ("retrieval_time", "satisfaction", "mttr", "reopen_rate"):
        for month in range(1, 11):
            rollup(vendor, code, datetime.date(2026, month, 1), "3")
    with CaptureQueriesContext(connection) as many:
        data = section.build(period_of(vendor), {})

    assert len(data["kpis"]) == 5
    assert len(many) == len(few) == 2


@pytest.mark.django_db
def test_a_month_without_kpi_data(vendor: Vendor) -> None:
    data = section.build(period_of(vendor), {})

    assert (data["kpis"], data["headline"], data["no_data_this_month"]) == ([], [], [])
    assert section.charts_of(data) == {}
    page = render_to_string(section.TEMPLATE, {"data": data, "charts": {}, "title": section.TITLE, "snapshot": {}})
    assert "No KPI has a value for this month." in page


@pytest.mark.django_db
def test_template_shows_status_in_words_and_the_difference(vendor: Vendor, kpi_month: None) -> None:
    data = section.build(period_of(vendor), {})

    page = render_to_string(
        section.TEMPLATE, {"data": data, "charts": section.charts_of(data), "title": section.TITLE, "snapshot": {}}
    )

    assert '<section class="report-section" id="section-kpis">' in page
    assert "<h2>Key performance indicators</h2>" in page
    assert '<span class="bad">Target missed</span><br>below 99.9 %' in page
    assert '99.95 %<br><span class="warn">differs</span>' in page
    assert "more than 5 % away" in page
    assert "Trends, November 2025 to October 2026" in page
    assert page.count("<svg") == 3
    assert "No value this month (but earlier in the year) for: Help desk response within SLA." in page


@pytest.mark.django_db
def test_monthly_views_read_month_roll_ups_in_the_hospitals_months(vendor: Vendor, kpi_month: None) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    # Day-period KPI: ten probes in October, the last at 23:30 on the 31st (22:30 UTC, after
    # the clocks went back), and one at 00:30 on 1 November (still 31 October in UTC).
    october = [datetime.datetime(2026, 10, 2 + day, 10, tzinfo=BERLIN) for day in range(9)]
    october.append(datetime.datetime(2026, 10, 31, 23, 30, tzinfo=BERLIN))
    rows = [SampleInput("query_latency", vendor.pk, at, str(100 * (n + 1)), archive.pk) for n, at in enumerate(october)]
    rows.append(
        SampleInput(
            "query_latency", vendor.pk, datetime.datetime(2026, 11, 1, 0, 30, tzinfo=BERLIN), "5000", archive.pk
        )
    )
    samples_ingest(samples=rows, user=None, source="probe")

    views = {view.kpi.code: view for view in monthly_views(vendor.pk, SEPTEMBER, datetime.date(2026, 11, 1))}

    latency = views["query_latency"]
    assert [point.period_start for point in latency.points] == [OCTOBER, datetime.date(2026, 11, 1)]
    assert latency.points[0].measured == Decimal("910")  # p90 of 100..1000
    assert latency.points[1].measured == Decimal("5000")
    assert [point.period_start for point in views["uptime"].points] == [SEPTEMBER, OCTOBER]
    # The dashboard's own view keeps each KPI's period (days for query latency).
    daily = {view.kpi.code: view for view in kpi_views(vendor.pk, OCTOBER, datetime.date(2026, 11, 30))}
    assert len(daily["query_latency"].points) == 11


@pytest.mark.django_db
def test_the_pdf_carries_the_snapshots_kpis(vendor: Vendor, kpi_month: None) -> None:
    snapshot, _ = snapshot_build(vendor, OCTOBER, now=NOW)
    data = snapshot["sections"]["kpis"]

    assert data == section.build(period_of(vendor), {})
    assert snapshot["sections"]["summary"]["headline_kpis"] == data["headline"]
    reader = PdfReader(io.BytesIO(render_pdf(snapshot).content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Key performance indicators" in text
    assert "Unscheduled availability higher is better 99.5 % 99.95 % differs 99.97 % 99.9 % 99.95 %" in text
    assert "Target missed below 99.9 %" in text
    assert "Trends, November 2025 to October 2026" in text
