"""Hospital KPI pages: the catalogue and its edit form, recording a sample, the sample list and
its export; and the same journey in the browser."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from playwright.sync_api import expect

from kpis.models import Kpi, KpiSample, Source
from kpis.services.samples import SampleInput, samples_ingest
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

BERLIN = ZoneInfo("Europe/Berlin")
CATALOGUE = "/kpis/"
SAMPLES = "/kpis/samples/"
RECORD = "/kpis/samples/add/"
SAMPLE_CHOICES = "/vendors/choices/kpis.forms.samples.SampleForm/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")


def probe_samples(vendor: Vendor, component: Component, count: int, code: str = "echo_latency") -> None:
    start = datetime.datetime(2026, 10, 1, tzinfo=BERLIN)
    samples_ingest(
        samples=[
            SampleInput(code, vendor.pk, start + datetime.timedelta(minutes=n), 100 + n, component.pk)
            for n in range(count)
        ],
        user=None,
        source=Source.PROBE,
        reporter="probe Archive echo",
    )


# --- the catalogue ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_read_the_catalogue_with_its_filters_and_export(staff_client: Client) -> None:
    page = staff_client.get(CATALOGUE, {"source": "probe"})

    assert page.status_code == 200
    body = page.content.decode()
    assert "Image retrieval time" in body
    assert "Report turnaround" not in body
    assert 'href="/kpis/add/"' not in body
    assert "/edit/" not in body
    export = b"".join(staff_client.get(CATALOGUE, {"source": "probe", "export": "csv"}).streaming_content).decode()
    assert (
        export.splitlines()[0] == "KPI,Code,Area,Unit,Better,Target,Warning at,Aggregation,Period,Source,Scope,Active"
    )
    assert (
        "Image retrieval time,retrieval_time,Performance,s,Lower,3,2,90th percentile,Day,Measured by our probes"
        in export
    )


@pytest.mark.django_db
def test_an_admin_edits_a_kpi_whose_code_and_unit_stay(admin_client: Client) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")
    form = admin_client.get(f"/kpis/{kpi.pk}/edit/").content.decode()
    assert re.search(r'name="code"[^>]*disabled', form)

    response = admin_client.post(
        f"/kpis/{kpi.pk}/edit/",
        {
            "code": "renamed",
            "unit": "ms",
            "name": "Time to first image",
            "area": "performance",
            "description": "",
            "aggregation": "p90",
            "period": "week",
            "target": "4",
            "warning": "2.5",
            "active": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == CATALOGUE
    kpi.refresh_from_db()
    assert (kpi.code, kpi.unit, kpi.name, kpi.period, kpi.target) == (
        "retrieval_time",
        "s",
        "Time to first image",
        "week",
        Decimal("4"),
    )


@pytest.mark.django_db
def test_a_warning_on_the_wrong_side_of_the_target_is_refused_in_the_form(admin_client: Client) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")
    data = {"name": kpi.name, "aggregation": "p90", "period": "day", "target": "3", "warning": "5", "active": "on"}

    response = admin_client.post(f"/kpis/{kpi.pk}/edit/", data)

    assert response.status_code == 200
    assert "good side of the target" in response.content.decode()
    kpi.refresh_from_db()
    assert kpi.warning == Decimal("2")


@pytest.mark.django_db
def test_an_admin_adds_a_kpi_of_the_hospitals_own(admin_client: Client) -> None:
    data = {
        "code": "dose_reports",
        "name": "Dose reports received",
        "area": "other",
        "unit": "%",
        "direction": "higher",
        "source": "vendor",
        "scope": "vendor",
        "aggregation": "mean",
        "period": "month",
        "target": "98",
        "warning": "99",
        "active": "on",
    }

    response = admin_client.post("/kpis/add/", data)

    assert response["Location"] == CATALOGUE
    kpi = Kpi.objects.get(code="dose_reports")
    assert (kpi.name, kpi.source, kpi.target, kpi.warning) == ("Dose reports received", "vendor", 98, 99)
    taken = admin_client.post("/kpis/add/", {**data, "name": "Again"})
    assert "already exists" in taken.content.decode()


@pytest.mark.django_db
def test_staff_may_not_edit_the_catalogue(staff_client: Client) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")

    assert staff_client.get(f"/kpis/{kpi.pk}/edit/").status_code == 403
    assert staff_client.post(f"/kpis/{kpi.pk}/edit/", {"name": "x"}).status_code == 403
    assert staff_client.get("/kpis/add/").status_code == 403


# --- recording a sample ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_records_a_sample_in_hospital_time(admin_client: Client, admin_user, vendor: Vendor, archive) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")
    data = {
        "kpi": kpi.pk,
        "vendor": vendor.pk,
        "component": archive.pk,
        "measured_at": "2026-10-05T14:30:00",
        "value": "2.75",
    }

    response = admin_client.post(RECORD, data)

    assert response.status_code == 302
    assert response["Location"] == SAMPLES
    sample = KpiSample.objects.get()
    assert sample.measured_at == datetime.datetime(2026, 10, 5, 14, 30, tzinfo=BERLIN)
    assert (sample.value, sample.component, sample.reported_by) == (Decimal("2.75"), archive, admin_user)
    assert sample.source == Source.PROBE  # a hospital correction of a probe KPI

    again = admin_client.post(RECORD, {**data, "another": "on"})
    assert again["Location"] == f"{RECORD}?kpi={kpi.pk}&vendor={vendor.pk}&component={archive.pk}"
    form = admin_client.get(again["Location"]).content.decode()
    assert re.search(rf'<option value="{archive.pk}" selected>', form)


@pytest.mark.django_db
def test_the_ingest_rules_come_back_as_form_errors(admin_client: Client, vendor: Vendor, other_vendor: Vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign archive")
    data = {"kpi": Kpi.objects.get(code="retrieval_time").pk, "vendor": vendor.pk, "measured_at": "2026-10-05T14:30"}

    missing = admin_client.post(RECORD, {**data, "value": "2"})
    foreign_component = admin_client.post(RECORD, {**data, "value": "2", "component": foreign.pk})
    future = admin_client.post(
        RECORD, {**data, "value": "2", "component": foreign.pk, "measured_at": "2099-01-01T00:00"}
    )

    assert "is measured per component: give the component" in missing.content.decode()
    assert "not one of this vendor&#x27;s components" in foreign_component.content.decode()
    assert "in the future" in future.content.decode()
    assert not KpiSample.objects.exists()


@pytest.mark.django_db
def test_the_component_list_follows_the_chosen_vendor(
    staff_client: Client, vendor: Vendor, other_vendor: Vendor, archive
) -> None:
    ComponentFactory(vendor=other_vendor, name="Foreign archive")

    options = staff_client.get(SAMPLE_CHOICES, {"vendor": vendor.pk}).content.decode()

    assert "Enterprise Archive (Main campus)" in options
    assert "Foreign archive" not in options
    assert options.startswith('<select id="id_component" hx-swap-oob="innerHTML"><option value="" selected>')
    assert staff_client.get(SAMPLE_CHOICES).content.decode().count("<option") == 1


@pytest.mark.django_db
def test_staff_may_not_record_samples(staff_client: Client, vendor: Vendor) -> None:
    assert staff_client.get(RECORD).status_code == 403
    assert staff_client.post(RECORD, {"vendor": vendor.pk}).status_code == 403


# --- the sample list --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sample_list_filters_and_never_counts_its_rows(staff_client: Client, vendor: Vendor, archive) -> None:
    probe_samples(vendor, archive, 3)

    def queries(**params: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as context:
            response = staff_client.get(SAMPLES, params)
        assert response.status_code == 200
        counted = [query["sql"] for query in context.captured_queries if "COUNT(" in query["sql"].upper()]
        assert not [sql for sql in counted if "kpis_kpisample" in sql]
        return len(context), response.content.decode()

    few, page = queries(kpi="echo_latency")
    assert "2026-10-01 00:02:00" in page
    assert "102 ms" in page
    assert "probe Archive echo" in page
    probe_samples(vendor, ComponentFactory(vendor=vendor, name="Viewer"), 40, code="query_latency")
    many, _ = queries(kpi="echo_latency")
    assert many == few
    _, filtered = queries(kpi="query_latency", measured_after="2026-10-01")
    rows = filtered.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr") == 25
    assert "Study query time" in rows
    assert "echo_latency" not in rows
    assert "Page 1" in queries(kpi="")[1]


@pytest.mark.django_db
def test_the_sample_export_carries_instants_with_their_offset(staff_client: Client, vendor: Vendor, archive) -> None:
    probe_samples(vendor, archive, 2)

    response = staff_client.get(SAMPLES, {"kpi": "echo_latency", "sort": "measured_at", "export": "csv"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == [
        "kpi,vendor,component,measured_at,value,unit,source,reported_by",
        "echo_latency,Meridian Imaging Systems,Enterprise Archive (Main campus),2026-10-01T00:00:00+02:00,"
        "100.0000,ms,probe,probe Archive echo",
        "echo_latency,Meridian Imaging Systems,Enterprise Archive (Main campus),2026-10-01T00:01:00+02:00,"
        "101.0000,ms,probe,probe Archive echo",
    ]


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_tunes_a_target_records_a_sample_and_imports_a_file(
    login, live_server, admin_user, vendor: Vendor, other_vendor: Vendor, shot, tmp_path
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")
    ComponentFactory(vendor=other_vendor, name="Foreign viewer")
    probe_samples(vendor, archive, 30)

    page = login(admin_user)
    page.get_by_role("navigation").get_by_role("button", name="KPIs").click()
    page.get_by_role("navigation").get_by_role("link", name="Catalogue").click()
    expect(page.get_by_role("heading", name="KPI catalogue")).to_be_visible()
    shot(page, "catalogue")

    page.get_by_role("link", name="Image retrieval time", exact=True).click()
    expect(page.get_by_label("Code")).to_be_disabled()
    page.get_by_label("Target").fill("2.5")
    page.get_by_label("Warning threshold").fill("1.5")
    shot(page, "edit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("KPI “Image retrieval time” saved.")
    assert Kpi.objects.get(code="retrieval_time").target == Decimal("2.5")

    page.get_by_role("link", name="Samples").click()
    expect(page.get_by_role("heading", name="KPI samples")).to_be_visible()
    shot(page, "samples")

    page.get_by_role("link", name="Record a sample").click()
    page.locator("#id_kpi").select_option(label="Image retrieval time (s)")
    page.locator("#id_vendor").select_option(label=vendor.name)
    # Choosing the vendor brings its components (htmx), not another vendor's.
    component = page.locator("#id_component")
    expect(component.locator("option")).to_have_count(2)
    component.select_option(label="Enterprise Archive (Main campus)")
    page.get_by_label("Measured at").fill("2026-10-05T14:30:00")
    page.get_by_label("Value").fill("3.1")
    shot(page, "record")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("alert")).to_contain_text("Sample recorded: Image retrieval time 3.1 s.")
    expect(page.locator("table tbody tr").first).to_contain_text("3.1 s")

    bad = tmp_path / "turnaround.csv"
    bad.write_text(
        "kpi,vendor,component,measured_at,value\n"
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,6.5\n"
        "report_turnaround,Nobody Inc,,2026-10-05 14:30,6.5\n"
        "retrieval_time,Meridian Imaging Systems,,2026-10-05 14:30,1\n"
    )
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    errors = page.locator("table tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("Nobody Inc")
    expect(errors.nth(1)).to_contain_text("measured per component")
    shot(page, "import-errors")
    assert KpiSample.objects.filter(kpi__code="report_turnaround").count() == 0
