"""``/api/v1/reports/``: the versions with status, hashes and their month's other versions; the
key figures of a version as frozen in its snapshot (the same the PDF prints); the PDF; generating
a month (hospital admins); vendor tokens read their own vendor's generated versions only."""

import datetime
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.tests.factories import VendorUserFactory
from core.formatting import format_percent
from notifications.models import OutboxEmail
from reports.models import MonthlyReport
from reports.services.generation import report_generate
from reports.tests.conftest import MONTH
from reports.tests.factories import MARCH, delivery_for, report_for, snapshot_for, supersede
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

State = MonthlyReport.State
FEBRUARY = datetime.date(2026, 2, 1)


def _ids(response: object) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_the_list_shows_each_version_with_status_hashes_and_its_months_versions(
    admin_api: APIClient, admin_user: object, vendor: Vendor
) -> None:
    old = report_for(vendor, MARCH, requested_by=admin_user)
    current = supersede(old, reason="late incident")
    delivery_for(current, None, email="cio@hospital.example", state=OutboxEmail.State.QUEUED)

    response = admin_api.get("/api/v1/reports/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [current.pk, old.pk]
    row = rows[0]
    assert row["vendor"] == vendor.pk
    assert row["vendor_name"] == "Meridian Imaging Systems"
    assert row["month"] == "2026-03"
    assert row["version"] == 2
    assert (row["state"], row["status"], row["status_label"]) == ("ready", "sending", "Sending (0/1)")
    assert (row["is_current"], row["superseded_by"], row["superseded_by_version"]) == (True, None, None)
    assert (row["requested_by"], row["requested_by_name"], row["reason"]) == (None, "Schedule", "late incident")
    assert (row["pdf_sha256"], row["snapshot_sha256"]) == (current.pdf_sha256, current.snapshot_sha256)
    assert row["pages"] == 6
    assert row["pdf_size"] == current.pdf_size
    assert row["pdf_url"] == f"http://testserver/api/v1/reports/{current.pk}/pdf/"
    assert row["versions"] == [
        {"id": old.pk, "version": 1, "state": "ready", "is_current": False},
        {"id": current.pk, "version": 2, "state": "ready", "is_current": True},
    ]
    assert "summary" not in row  # the list never loads snapshots
    older = rows[1]
    assert (older["status"], older["superseded_by"], older["superseded_by_version"]) == ("superseded", current.pk, 2)
    assert older["requested_by_name"] == "Petra Admin"


def test_the_list_filters_by_vendor_month_and_current(admin_api: APIClient, vendor: Vendor) -> None:
    other = VendorFactory(name="Aurora Imaging")
    old = report_for(vendor, MARCH)
    current = supersede(old)
    february = report_for(vendor, FEBRUARY)
    foreign = report_for(other, MARCH)

    assert _ids(admin_api.get("/api/v1/reports/", {"vendor": other.pk})) == [foreign.pk]
    assert set(_ids(admin_api.get("/api/v1/reports/", {"month": "2026-03"}))) == {current.pk, old.pk, foreign.pk}
    assert set(_ids(admin_api.get("/api/v1/reports/", {"current": "true"}))) == {current.pk, february.pk, foreign.pk}
    assert _ids(admin_api.get("/api/v1/reports/", {"current": "false"})) == [old.pk]
    assert _ids(admin_api.get("/api/v1/reports/", {"vendor": vendor.pk, "month": "2026-03", "current": "true"})) == [
        current.pk
    ]
    bad = admin_api.get("/api/v1/reports/", {"month": "March"})
    assert bad.status_code == 400
    assert bad.json() == {"month": ["Write the month as YYYY-MM, e.g. 2026-03."]}


def test_the_detail_carries_the_snapshots_figures_and_agreements(admin_api: APIClient, vendor: Vendor) -> None:
    agreement = {
        "id": 7,
        "name": "SLA of MIS-2024-017",
        "version": 3,
        "contract_reference": "MIS-2024-017",
        "effective_from": "2026-01-01",
        "effective_to": None,
        "uptime_target_percent": "99.9",
        "targets": [],
    }
    report = report_for(vendor, MARCH, snapshot=snapshot_for(vendor, MARCH, agreements=[agreement]))

    data = admin_api.get(f"/api/v1/reports/{report.pk}/").json()

    assert data["summary"] == {
        "sla_met": False,
        "findings": ["Uptime 99.640 % is below the 99.9 % target (116.6 minutes over the downtime budget)."],
        "uptime_percent": "99.640",
        "target_percent": "99.9",
        "credit_amount": "500.00",
        "credit_percent": "5",
        "credit_state": "Owed",
        "currency": "EUR",
        "tickets_opened": 42,
        "response_compliance_percent": "95.2",
        "resolution_compliance_percent": "88.1",
    }
    assert data["agreements"] == [
        {
            "id": 7,
            "name": "SLA of MIS-2024-017",
            "version": 3,
            "contract_reference": "MIS-2024-017",
            "effective_from": "2026-01-01",
            "effective_to": None,
            "uptime_target_percent": "99.9",
        }
    ]
    assert data["versions"] == [{"id": report.pk, "version": 1, "state": "ready", "is_current": True}]
    generating = report_for(vendor, FEBRUARY, state=State.GENERATING)
    data = admin_api.get(f"/api/v1/reports/{generating.pk}/").json()
    assert (data["summary"], data["agreements"], data["pdf_url"]) == (None, [], None)
    assert (data["status"], data["progress"], data["progress_note"]) == ("generating", 40, "Collecting tickets")


def test_a_generated_reports_figures_are_the_same_in_snapshot_api_and_pdf(admin_api: APIClient, world: object) -> None:
    """The evidence agrees with itself: the API's summary is the snapshot's, and the PDF's text
    prints the same figures."""
    report = report_generate(vendor=world.vendor, month=MONTH)
    data = admin_api.get(f"/api/v1/reports/{report.pk}/").json()
    summary = report.snapshot["sections"]["summary"]
    for name in ("uptime_percent", "target_percent", "credit_amount", "response_compliance_percent", "sla_met"):
        assert data["summary"][name] == summary[name], name
    pdf = admin_api.get(f"/api/v1/reports/{report.pk}/pdf/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"{summary['uptime_percent']} %" in text
    assert format_percent(summary["response_compliance_percent"], 1) in text  # a share: "75 %", not "75.0 %"
    assert data["pdf_sha256"] == report.pdf_sha256


def test_the_pdf_route_returns_the_stored_bytes(admin_api: APIClient, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH, pdf=b"%PDF-1.7 stored")
    response = admin_api.get(f"/api/v1/reports/{report.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="meridian-imaging-systems-2026-03-v1.pdf"'
    assert response.content == b"%PDF-1.7 stored"
    asked_for_pdf = admin_api.get(f"/api/v1/reports/{report.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert asked_for_pdf.status_code == 200
    assert asked_for_pdf.content == b"%PDF-1.7 stored"
    generating = report_for(vendor, FEBRUARY, state=State.GENERATING)
    assert admin_api.get(f"/api/v1/reports/{generating.pk}/pdf/").status_code == 404


# --- generating ----------------------------------------------------------------------------


def test_admins_generate_a_month_and_get_202_with_the_new_version(
    admin_api: APIClient, admin_user: object, vendor: Vendor
) -> None:
    previous = report_for(vendor, MARCH)
    with mock.patch("reports.tasks.generate_report.delay"):
        response = admin_api.post(
            "/api/v1/reports/generate/", {"vendor": vendor.pk, "month": "2026-03", "reason": "corrected"}
        )
    assert response.status_code == 202
    data = response.json()
    report = MonthlyReport.objects.get(pk=data["id"])
    assert (report.version, report.state, report.requested_by, report.reason) == (
        2,
        State.GENERATING,
        admin_user,
        "corrected",
    )
    assert (data["state"], data["status"], data["month"], data["version"]) == ("generating", "generating", "2026-03", 2)
    assert data["versions"] == [
        {"id": previous.pk, "version": 1, "state": "ready", "is_current": True},
        {"id": report.pk, "version": 2, "state": "generating", "is_current": False},
    ]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"vendor": 999999, "month": "2026-03"}, {"vendor": ['Invalid pk "999999" - object does not exist.']}),
        ({"month": "2026-03"}, {"vendor": ["This field is required."]}),
        ({"vendor": "VENDOR", "month": "March"}, {"month": ["Write the month as YYYY-MM, e.g. 2026-03."]}),
        (
            {"vendor": "VENDOR", "month": "2026-03", "reason": "x" * 301},
            {"reason": ["Ensure this field has no more than 300 characters."]},
        ),
    ],
)
def test_bad_input_is_400_with_field_messages(
    admin_api: APIClient, vendor: Vendor, payload: dict, errors: dict
) -> None:
    payload = {key: vendor.pk if value == "VENDOR" else value for key, value in payload.items()}
    response = admin_api.post("/api/v1/reports/generate/", payload)
    assert response.status_code == 400
    assert response.json() == errors
    assert not MonthlyReport.objects.exists()


def test_a_month_that_has_not_ended_is_400(admin_api: APIClient, vendor: Vendor) -> None:
    this_month = timezone.localdate().replace(day=1)
    response = admin_api.post("/api/v1/reports/generate/", {"vendor": vendor.pk, "month": f"{this_month:%Y-%m}"})
    assert response.status_code == 400
    assert list(response.json()) == ["month"]
    assert f"{this_month:%Y-%m} has not ended yet" in response.json()["month"][0]
    assert not MonthlyReport.objects.exists()


def test_a_month_being_generated_is_409(admin_api: APIClient, vendor: Vendor) -> None:
    running = report_for(vendor, MARCH, state=State.GENERATING)
    response = admin_api.post("/api/v1/reports/generate/", {"vendor": vendor.pk, "month": "2026-03"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": (
            f"Meridian Imaging Systems's report for 2026-03 is being generated already (version 1, id {running.pk})."
        )
    }
    assert list(MonthlyReport.objects.all()) == [running]


def test_only_hospital_admins_generate(staff_api: APIClient, vendor_api: APIClient, vendor: Vendor) -> None:
    for api in (staff_api, vendor_api):
        response = api.post("/api/v1/reports/generate/", {"vendor": vendor.pk, "month": "2026-03"})
        assert response.status_code == 403
    assert staff_api.post("/api/v1/reports/", {"vendor": vendor.pk}).status_code == 403
    assert not MonthlyReport.objects.exists()


def test_posting_to_the_list_points_to_generate(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.post("/api/v1/reports/", {"vendor": vendor.pk, "month": "2026-03"})
    assert response.status_code == 405
    assert "POST generate/" in response.json()["detail"]


# --- vendor tokens -------------------------------------------------------------------------


def test_vendor_tokens_read_their_own_vendors_generated_versions_only(
    vendor_api: APIClient, vendor: Vendor, other_vendor: Vendor
) -> None:
    old = report_for(vendor, MARCH)
    current = supersede(old)
    delivery_for(current, None, email="cio@hospital.example", state=OutboxEmail.State.FAILED)
    report_for(vendor, FEBRUARY, state=State.FAILED)
    generating = report_for(vendor, datetime.date(2026, 1, 1), state=State.GENERATING)
    foreign = report_for(other_vendor, MARCH)

    response = vendor_api.get("/api/v1/reports/")
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [current.pk, old.pk]
    # Whether and to whom the hospital emailed it is not the vendor's business.
    assert (rows[0]["status"], rows[0]["status_label"]) == ("generated", "Generated")
    assert (rows[1]["status"], rows[1]["status_label"]) == ("superseded", "Superseded")
    assert "cio@hospital.example" not in response.content.decode()

    for hidden in (foreign, generating):
        assert vendor_api.get(f"/api/v1/reports/{hidden.pk}/").status_code == 404
        assert vendor_api.get(f"/api/v1/reports/{hidden.pk}/pdf/").status_code == 404
    assert vendor_api.get(f"/api/v1/reports/{current.pk}/pdf/").status_code == 200
    detail = vendor_api.get(f"/api/v1/reports/{current.pk}/").json()
    assert detail["summary"]["uptime_percent"] == "99.640"
    assert [v["id"] for v in detail["versions"]] == [old.pk, current.pk]  # no failed or running attempts


def test_the_list_runs_the_same_queries_for_more_rows(admin_api: APIClient, admin_user: object) -> None:
    def fill(count: int) -> None:
        for _ in range(count):
            vendor = VendorFactory()
            current = supersede(report_for(vendor, MARCH, requested_by=admin_user))
            delivery_for(current, None, email=f"x{current.pk}@hospital.example")
            VendorUserFactory(vendor=vendor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert admin_api.get("/api/v1/reports/").status_code == 200
        return len(context)

    fill(2)
    few = queries()
    fill(6)
    assert queries() == few
