"""Vendor users' monthly reports in the portal (/portal/reports/): their own vendor's generated
versions, the current one highlighted and older ones marked superseded, downloaded as PDF;
never another vendor's, never a version still generating, never who received it."""

import re
from html import unescape

import pytest
from django.test import Client

from core.testing.queries import queries_per_path
from notifications.models import OutboxEmail
from reports.models import MonthlyReport
from reports.tests.factories import MARCH, delivery_for, report_for, supersede
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

State = MonthlyReport.State


def _rows(response: object) -> list[str]:
    body = response.content.decode().split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_vendor_users_see_their_generated_versions_with_the_current_one_highlighted(
    vendor_client: Client, vendor: Vendor, other_vendor: Vendor
) -> None:
    old = report_for(vendor, MARCH, reason="the hospital's internal reason")
    current = supersede(old)
    delivery_for(current, None, email="cio@hospital.example", state=OutboxEmail.State.FAILED)
    report_for(vendor, MARCH.replace(month=2), state=State.GENERATING)
    report_for(vendor, MARCH.replace(month=1), state=State.FAILED)
    report_for(other_vendor, MARCH)

    response = vendor_client.get("/portal/reports/")

    assert response.status_code == 200
    page = response.content.decode()
    rows = _rows(response)
    assert len(rows) == 2
    assert rows[0].startswith("March 2026 v2 Current")
    assert rows[1].startswith("March 2026 v1 superseded by v2")
    assert rows[0].endswith("PDF")
    assert f'href="/portal/reports/{current.pk}/pdf/"' in page
    assert f'href="/portal/reports/{old.pk}/pdf/"' in page
    highlighted = re.findall(r"<tr [^>]*table-success[^>]*>.*?</tr>", page, re.S)  # the current one stands out
    assert len(highlighted) == 1
    assert f"/portal/reports/{current.pk}/pdf/" in highlighted[0]
    # The hospital's side stays the hospital's: no deliveries, recipients, reasons or status filter.
    for hidden in (
        "cio@hospital.example",
        "Failed to",
        "internal reason",
        "Other Vendor GmbH",
        'name="status"',
        'name="q"',
    ):
        assert hidden not in page, hidden
    assert "Monthly reports" in page
    assert 'href="/portal/reports/"' in page


def test_the_portal_list_filters_by_month_and_exports_csv(vendor_client: Client, vendor: Vendor) -> None:
    report_for(vendor, MARCH)
    february = report_for(vendor, MARCH.replace(month=2))
    assert [row.split()[0] for row in _rows(vendor_client.get("/portal/reports/", {"month": "2026-02"}))] == [
        "February"
    ]
    export = b"".join(vendor_client.get("/portal/reports/", {"export": "csv"}).streaming_content).decode()
    assert export.splitlines()[0] == "Month,Version,Generated,Pages,PDF SHA-256"
    assert february.pdf_sha256 in export


def test_vendor_users_download_their_own_pdfs_only(vendor_client: Client, vendor: Vendor, other_vendor: Vendor) -> None:
    own = report_for(vendor, MARCH, pdf=b"%PDF-1.7 ours")
    foreign = report_for(other_vendor, MARCH)
    generating = report_for(vendor, MARCH.replace(month=2), state=State.GENERATING)

    response = vendor_client.get(f"/portal/reports/{own.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="meridian-imaging-systems-2026-03-v1.pdf"'
    assert response.content == b"%PDF-1.7 ours"
    assert vendor_client.get(f"/portal/reports/{foreign.pk}/pdf/").status_code == 404
    assert vendor_client.get(f"/portal/reports/{generating.pk}/pdf/").status_code == 404


def test_hospital_users_have_no_portal(admin_client: Client, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH)
    assert admin_client.get("/portal/reports/").status_code == 404
    assert admin_client.get(f"/portal/reports/{report.pk}/pdf/").status_code == 404


def test_the_portal_list_runs_the_same_queries_for_more_rows(vendor_client: Client, vendor: Vendor) -> None:
    def fill(months: range) -> None:
        for month in months:
            supersede(report_for(vendor, MARCH.replace(year=2024, month=month)))
            report_for(VendorFactory(), MARCH.replace(year=2024, month=month))

    fill(range(1, 3))
    few = queries_per_path(vendor_client, ["/portal/reports/"])
    fill(range(3, 9))
    assert queries_per_path(vendor_client, ["/portal/reports/"]) == few
