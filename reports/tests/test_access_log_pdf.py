"""A vendor's monthly access log as a PDF: sessions with their flags, counts per person and per
system of that month only, for hospital users (reports) and the vendor itself (portal), bad
months refused with the reason; downloading it is itself logged."""

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.selectors.remote_access import access_month
from compliance.tests.factories import session_for

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
OCTOBER = datetime.date(2026, 10, 1)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def log(vendor, at: datetime.datetime, actor: str, system: str, action: str, status: int | None = None) -> None:
    AccessLogEntry.objects.create(
        at=at, vendor=vendor, actor=actor, system=system, action=action, status=status, path="/x" if status else ""
    )


@pytest.fixture
def october(vendor, other_vendor):
    """October 2026 of ``vendor``: a user's pages and API calls, a download, a refused request,
    an engineer's gateway entries, one unapproved session and one in order; noise around it."""
    day = datetime.datetime(2026, 10, 14, 9, 0, tzinfo=UTC)
    for minutes in range(3):
        log(vendor, day + datetime.timedelta(minutes=minutes), "tvendor", "Portal", "page", 200)
    log(vendor, day, "tvendor", "Portal", "page", 404)
    log(vendor, day, "tvendor", "Portal", "download", 200)
    log(vendor, day, "tvendor", "API", "api_call", 200)
    log(vendor, day, "Jonas Richter", "Enterprise Archive", "login")
    log(vendor, datetime.datetime(2026, 9, 30, 21, 59, tzinfo=UTC), "tvendor", "Portal", "page", 200)  # September
    log(vendor, datetime.datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "tvendor", "Portal", "page", 200)  # November
    log(other_vendor, day, "someone", "Portal", "page", 200)
    with time_machine.travel(datetime.datetime(2026, 10, 10, 8, tzinfo=UTC), tick=False):
        flagged = session_for(vendor, engineer="Jonas Richter", starts_in_hours=2)
        in_order = session_for(vendor, engineer="Mia Keller", starts_in_hours=24)
    RemoteAccessSession.objects.filter(pk=flagged.pk).update(
        started_at=flagged.planned_start, ended_at=flagged.planned_start + datetime.timedelta(hours=1)
    )
    RemoteAccessSession.objects.filter(pk=in_order.pk).update(status="approved")
    return flagged, in_order


def test_the_month_counts_each_person_and_system_of_that_month_only(vendor, october, django_assert_max_num_queries):
    flagged, in_order = october
    with django_assert_max_num_queries(4):
        summary = access_month(vendor.pk, OCTOBER, now=NOW)
    assert summary.totals == {"entries": 7, "pages": 4, "api_calls": 1, "downloads": 1, "refused": 1}
    assert summary.per_user == [
        {"actor": "tvendor", "entries": 6, "pages": 4, "api_calls": 1, "downloads": 1, "refused": 1},
        {"actor": "Jonas Richter", "entries": 1, "pages": 0, "api_calls": 0, "downloads": 0, "refused": 0},
    ]
    assert [(row["system"], row["entries"]) for row in summary.per_system] == [
        ("Portal", 5),
        ("API", 1),
        ("Enterprise Archive", 1),
    ]
    assert [(session.pk, [flag.value for flag in flags]) for session, flags in summary.sessions] == [
        (flagged.pk, ["unapproved"]),
        (in_order.pk, []),
    ]


def test_a_hospital_user_downloads_a_vendors_month(staff_client, vendor, october) -> None:
    assert "Monthly access log (PDF)" in staff_client.get("/reports/access-log/").content.decode()
    with time_machine.travel(NOW, tick=False):
        response = staff_client.get(f"/reports/access-log/?vendor={vendor.pk}&month=2026-10")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-access-log-2026-10.pdf"')
    text = text_of(response.content)
    assert f"{vendor.name}" in text
    assert (
        "7 entries: 4 portal pages, 1 API calls, 1 downloads, 1 refused requests; 2 remote-access sessions, 1 flagged"
        in text
    )
    assert "Used without approval" in text
    assert "Jonas Richter" in text
    assert "someone" not in text  # another vendor's


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-12", "2026-12 has not begun yet."),
        ("2024-10", "The access log is kept from 2024-11 on"),
        ("26-1", "YYYY-MM"),
    ],
)
def test_a_month_out_of_reach_is_a_form_error(admin_client, vendor, month: str, message: str) -> None:
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get(f"/reports/access-log/?vendor={vendor.pk}&month={month}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_vendor_downloads_its_own_month_in_the_portal_and_it_is_logged(vendor_client, vendor, october) -> None:
    with time_machine.travel(NOW, tick=False):
        response = vendor_client.get(f"/portal/reports/access-log/?month=2026-10&vendor={vendor.pk + 1}")
    text = text_of(response.content)
    assert "Used without approval" in text
    assert "someone" not in text
    download = AccessLogEntry.objects.get(action="download", path__startswith="/portal/reports/access-log/")
    assert (download.status, download.at.date()) == (200, NOW.date())


def test_vendor_users_never_reach_the_hospitals_form_nor_hospital_users_the_portals(
    vendor_client, admin_client, vendor
) -> None:
    assert vendor_client.get(f"/reports/access-log/?vendor={vendor.pk}&month=2026-10").status_code == 404
    assert admin_client.get("/portal/reports/access-log/?month=2026-10").status_code == 404
