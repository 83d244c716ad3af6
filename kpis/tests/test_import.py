"""Samples imported from CSV: names or ids, every bad line reported by number, all or nothing."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kpis.models import KpiRollup, KpiSample, Source
from kpis.services.sample_imports import samples_import_csv
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
IMPORT_URL = "/kpis/samples/import/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_good_file_is_imported_with_vendors_and_components_by_name_or_id(
    admin_user, vendor: Vendor, archive: Component
) -> None:
    content = csv_bytes(
        "kpi,vendor,component,measured_at,value",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,6.5",
        f"retrieval_time,{vendor.pk},enterprise archive,2026-10-05T12:00:00Z,2.25",
        f"retrieval_time,meridian imaging systems,{archive.pk},2026-10-05T15:00:00+02:00,1",
        "retrieval_time,Meridian Imaging Systems,Enterprise Archive (Main campus),2026-10-06 08:00,3",
        "",
    )

    report = samples_import_csv(content=content, user=admin_user)

    assert report.ok, report.errors
    assert report.imported == 4
    turnaround = KpiSample.objects.get(kpi__code="report_turnaround")
    # Without an offset the time is the hospital's.
    assert turnaround.measured_at == datetime.datetime(2026, 10, 5, 14, 30, tzinfo=BERLIN)
    assert (turnaround.value, turnaround.source, turnaround.reported_by) == (Decimal("6.5"), Source.MANUAL, admin_user)
    assert turnaround.reporter == "CSV import"
    assert set(KpiSample.objects.filter(kpi__code="retrieval_time").values_list("component", flat=True)) == {archive.pk}
    assert KpiRollup.objects.filter(kpi__code="retrieval_time", period="month").exists()


def test_semicolons_and_decimal_commas_from_a_european_spreadsheet(admin_user, vendor: Vendor) -> None:
    content = (
        "\ufeffKPI;Vendor;Measured_at;Value\r\nreport_turnaround;Meridian Imaging Systems;2026-10-05 14:30;7,25\r\n"
    )

    report = samples_import_csv(content=content.encode(), user=admin_user)

    assert report.ok, report.errors
    assert KpiSample.objects.get().value == Decimal("7.25")


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_imported(
    admin_user, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    ComponentFactory(vendor=other_vendor, name="Foreign archive")
    content = csv_bytes(
        "kpi,vendor,component,measured_at,value",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,6.5",  # line 2: fine
        "report_turnaround,Nobody Inc,,2026-10-05 14:30,6.5",
        "no_such_kpi,Meridian Imaging Systems,,2026-10-05 14:30,1",
        "report_turnaround,Meridian Imaging Systems,,05/10/2026,1",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,",
        "retrieval_time,Meridian Imaging Systems,Foreign archive,2026-10-05 14:30,1",
        "retrieval_time,Meridian Imaging Systems,,2026-10-05 14:30,1",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,a lot",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,7",  # line 10: fine
    )

    report = samples_import_csv(content=content, user=admin_user)

    assert not report.ok
    by_line = dict(report.errors)
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert "no vendor has the name or id “Nobody Inc”" in by_line[3]
    assert "No active KPI has the code “no_such_kpi”" in by_line[4]
    assert "measured_at: “05/10/2026” is not a date and time" in by_line[5]
    assert by_line[6] == "missing value"
    assert "“Foreign archive” is not one of this vendor's components" in by_line[7]
    assert "measured per component" in by_line[8]
    assert "“a lot” is not a number" in by_line[9]
    assert report.imported == 0
    assert not KpiSample.objects.exists()


def test_a_file_without_the_columns_or_not_in_utf8_says_so(admin_user, vendor: Vendor) -> None:
    report = samples_import_csv(content=csv_bytes("kpi,supplier,when,value", "uptime,x,y,1"), user=admin_user)
    assert report.errors == [(1, "The header lacks the columns vendor, measured_at.")]

    report = samples_import_csv(content="kpi,vendor,measured_at,value\nx,Zürich,y,1".encode("latin-1"), user=admin_user)
    assert "not UTF-8" in report.errors[0][1]

    report = samples_import_csv(content=csv_bytes("kpi,vendor,measured_at,value"), user=admin_user)
    assert report.errors == [(2, "The file has no samples below its header.")]


def test_a_vendor_named_twice_needs_its_id(admin_user, vendor: Vendor) -> None:
    twin = VendorFactory(name="Twin Imaging")
    VendorFactory(name="twin imaging ")
    content = csv_bytes(
        "kpi,vendor,measured_at,value",
        "report_turnaround,Twin Imaging,2026-10-05 14:30,1",
        f"report_turnaround,{twin.pk},2026-10-05 14:30,1",
    )

    report = samples_import_csv(content=content, user=admin_user)

    assert report.errors == [(2, "vendor: several vendors are named “Twin Imaging”; give the vendor's id")]


def test_the_import_page_lists_the_problems_and_imports_a_corrected_file(admin_client: Client, vendor: Vendor) -> None:
    bad = csv_bytes("kpi,vendor,measured_at,value", "report_turnaround,Meridian Imaging Systems,tomorrow,1")
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("turnaround.csv", bad, "text/csv")})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported from turnaround.csv: 1 problem" in page
    assert "<td>2</td>" in page
    assert "“tomorrow” is not a date and time" in page

    good = csv_bytes("kpi,vendor,measured_at,value", "report_turnaround,Meridian Imaging Systems,2026-10-05 14:30,1")
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("turnaround.csv", good, "text/csv")})

    assert response.status_code == 302
    assert response["Location"] == "/kpis/samples/"
    assert KpiSample.objects.count() == 1


def test_only_hospital_admins_import(staff_client: Client, vendor: Vendor) -> None:
    good = csv_bytes("kpi,vendor,measured_at,value", "report_turnaround,Meridian Imaging Systems,2026-10-05 14:30,1")

    assert staff_client.get(IMPORT_URL).status_code == 403
    response = staff_client.post(IMPORT_URL, {"file": SimpleUploadedFile("t.csv", good, "text/csv")})

    assert response.status_code == 403
    assert not KpiSample.objects.exists()


def test_an_export_imports_again(admin_client: Client, admin_user, vendor: Vendor, archive: Component) -> None:
    content = csv_bytes(
        "kpi,vendor,component,measured_at,value",
        "retrieval_time,Meridian Imaging Systems,Enterprise Archive (Main campus),2026-10-05 14:30:15,2.5",
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 16:00,-1.25",
    )
    assert samples_import_csv(content=content, user=admin_user).ok

    export = admin_client.get("/kpis/samples/", {"export": "csv"})
    exported = b"".join(export.streaming_content)

    report = samples_import_csv(content=exported, user=admin_user)
    assert report.ok, report.errors
    pairs = list(KpiSample.objects.order_by("kpi__code", "id").values_list("kpi__code", "measured_at", "value"))
    assert pairs[0][1:] == pairs[1][1:]
    assert pairs[2][1:] == pairs[3][1:]
    assert len(pairs) == 4
