"""Every request of a vendor user is in the vendor access log (compliance.middleware): pages,
API calls with a session or a token, downloads, refusals and errors; hospital users' and
anonymous requests are not; one INSERT is all it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from compliance.models import AccessLogEntry
from compliance.tests.factories import document_for, session_for

pytestmark = pytest.mark.django_db
COLUMNS = ("vendor_id", "user_id", "actor", "system", "action", "method", "path", "status", "source_ip")


def logged() -> list[tuple]:
    return list(AccessLogEntry.objects.order_by("pk").values_list(*COLUMNS))


def test_a_portal_page_is_logged_with_who_what_and_the_answer(vendor_client, vendor_user, vendor) -> None:
    session = session_for(vendor)
    before = timezone.now()
    vendor_client.get(f"/portal/remote-access/{session.pk}/?tab=log")
    after = timezone.now()
    entry = AccessLogEntry.objects.get()
    assert logged() == [
        (
            vendor.pk,
            vendor_user.pk,
            vendor_user.username,
            "Portal",
            "page",
            "GET",
            f"/portal/remote-access/{session.pk}/?tab=log",
            200,
            "127.0.0.1",
        )
    ]
    assert before <= entry.at <= after


def test_refused_and_missing_pages_are_logged_as_answered(vendor_client, other_vendor) -> None:
    foreign = session_for(other_vendor)
    vendor_client.get(f"/portal/remote-access/{foreign.pk}/")
    vendor_client.get("/compliance/access-log/")  # the hospital's page: 404 for vendor users
    vendor_client.post(f"/portal/remote-access/{foreign.pk}/start/", {"at": "2026-01-01T10:00"})
    assert [(m, p, s) for *_, m, p, s, _ in logged()] == [
        ("GET", f"/portal/remote-access/{foreign.pk}/", 404),
        ("GET", "/compliance/access-log/", 404),
        ("POST", f"/portal/remote-access/{foreign.pk}/start/", 404),
    ]


def test_api_calls_are_logged_with_a_token_and_with_a_session(vendor_user, vendor) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=vendor_user).key}")
    assert api.get("/api/v1/remote-access-sessions/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/remote-access-sessions/").status_code == 401  # nobody: not logged
    session_api = APIClient()
    session_api.force_login(vendor_user)
    session_api.get("/api/v1/vendor-access-log/?page=2")
    assert [(user, system, action, path, status) for _, user, _, system, action, _, path, status, _ in logged()] == [
        (vendor_user.pk, "API", "api_call", "/api/v1/remote-access-sessions/", 200),
        (vendor_user.pk, "API", "api_call", "/api/v1/vendor-access-log/?page=2", 403),  # no second factor
    ]


def test_downloads_are_logged_as_downloads(vendor_client, vendor) -> None:
    document = document_for(vendor)
    response = vendor_client.get(f"/portal/compliance/documents/{document.pk}/download/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert [(action, path) for *_, action, _, path, _, _ in logged()] == [
        ("download", f"/portal/compliance/documents/{document.pk}/download/")
    ]


def test_hospital_users_and_anonymous_visitors_are_not_logged(admin_client, staff_client, client, vendor) -> None:
    session = session_for(vendor)
    admin_client.get(session.get_absolute_url())
    staff_client.get("/compliance/access-log/")
    client.get("/portal/remote-access/")
    assert logged() == []


def test_a_forged_address_is_not_stored(vendor_client, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    vendor_client.get("/portal/remote-access/", HTTP_X_FORWARDED_FOR="not-an-address")
    vendor_client.get("/portal/remote-access/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert [ip for *_, ip in logged()] == [None, "203.0.113.9"]


def test_a_long_path_is_cut_to_the_column_and_still_logged(vendor_client) -> None:
    vendor_client.get("/portal/remote-access/?q=" + "x" * 2000)
    (path,) = AccessLogEntry.objects.values_list("path", flat=True)
    assert len(path) == 500
    assert path.startswith("/portal/remote-access/?q=xxx")


def test_logging_a_request_is_one_insert_and_no_read(vendor_client) -> None:
    vendor_client.get("/portal/remote-access/")  # warm up: sessions, the user
    with CaptureQueriesContext(connection) as queries:
        vendor_client.get("/portal/remote-access/")
    touching_the_log = [q["sql"] for q in queries.captured_queries if "compliance_accesslogentry" in q["sql"]]
    assert len(touching_the_log) == 1
    assert touching_the_log[0].startswith("INSERT INTO compliance_accesslogentry")
    assert AccessLogEntry.objects.count() == 2


def test_the_hospitals_log_page_shows_a_request_with_its_answer(admin_client, vendor_client) -> None:
    vendor_client.get("/portal/remote-access/")
    vendor_client.get("/compliance/access-log/")
    html = admin_client.get("/compliance/access-log/?action=page").content.decode()
    assert "<code>GET /portal/remote-access/</code>" in html
    assert '<span class="badge text-bg-success">200</span>' in html
    assert '<span class="badge text-bg-warning">404</span>' in html
    csv = b"".join(admin_client.get("/compliance/access-log/?action=page&export=csv").streaming_content).decode()
    assert "GET /compliance/access-log/ 404" in csv
