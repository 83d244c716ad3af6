"""Remote access over the hospital pages, the portal and the API, and the access log page: what
each side sees and may do, bad input, scoping, filters, CSV, lists that read flat."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.tests.factories import session_for
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def log_entry(vendor, *, hours_ago: float = 1, **values) -> AccessLogEntry:
    defaults = {"actor": "jrichter", "system": "Enterprise Archive", "action": "login", "source_ip": "10.8.0.7"}
    return AccessLogEntry.objects.create(
        at=timezone.now() - dt.timedelta(hours=hours_ago), vendor=vendor, **{**defaults, **values}
    )


def test_a_vendor_requests_in_the_portal_and_the_admin_approves_then_it_is_used(
    vendor_client, admin_client, vendor
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    start = timezone.now() + HOUR
    response = vendor_client.post(
        "/portal/remote-access/request/",
        {
            "engineer": "Jonas Richter",
            "reason": "Rebuild the index",
            "components": [archive.pk],
            "change_link": "https://changes.hospital.example/CHG-1",
            "method": "gateway",
            "planned_start": local(start),
            "planned_end": local(start + 2 * HOUR),
        },
    )
    session = RemoteAccessSession.objects.get()
    assert response["Location"] == f"/portal/remote-access/{session.pk}/"
    page = vendor_client.get(response["Location"]).content.decode()
    assert "/decide/" not in page
    assert vendor_client.post(f"/portal/remote-access/{session.pk}/decide/", {"decision": "approve"}).status_code == 404
    response = admin_client.post(f"/compliance/remote-access/{session.pk}/decide/", {"decision": "approve", "note": ""})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "approved"
    RemoteAccessSession.objects.filter(pk=session.pk).update(
        planned_start=timezone.now() - HOUR, planned_end=timezone.now() + HOUR
    )
    vendor_client.post(
        f"/portal/remote-access/{session.pk}/start/", {"at": local(timezone.now()), "source_ip": "10.8.0.9"}
    )
    vendor_client.post(f"/portal/remote-access/{session.pk}/end/", {"at": local(timezone.now()), "summary": "Done"})
    session.refresh_from_db()
    assert (session.source_ip, session.summary) == ("10.8.0.9", "Done")
    assert list(AccessLogEntry.objects.filter(path="").values_list("action", flat=True).order_by("pk")) == [
        "session_start",
        "session_end",
    ]
    assert "No flags" in admin_client.get(session.get_absolute_url()).content.decode()


def test_a_bad_window_is_a_form_error_and_nothing_is_stored(vendor_client, vendor) -> None:
    start = timezone.now() + HOUR
    response = vendor_client.post(
        "/portal/remote-access/request/",
        {
            "engineer": "X",
            "reason": "X",
            "components": [ComponentFactory(vendor=vendor).pk],
            "method": "vpn",
            "planned_start": local(start),
            "planned_end": local(start - HOUR),
        },
    )
    assert response.status_code == 200
    assert "The planned end must be after the planned start." in response.content.decode()
    assert not RemoteAccessSession.objects.exists()


def test_the_session_list_shows_the_flags_as_text_and_reads_flat(admin_client, django_assert_max_num_queries) -> None:
    for number in range(10):
        session_for(VendorFactory(name=f"Vendor {number}"), change_link="")
    with django_assert_max_num_queries(12):
        response = admin_client.get("/compliance/remote-access/?flagged=true")
    html = response.content.decode()
    assert html.count('<span class="badge text-bg-danger">No ticket or change</span>') == 10


def test_the_portal_shows_only_the_vendors_own_sessions(vendor_client, vendor, other_vendor) -> None:
    session_for(vendor, engineer="Our engineer")
    foreign = session_for(other_vendor, engineer="Their engineer")
    html = vendor_client.get("/portal/remote-access/").content.decode()
    assert "Our engineer" in html
    assert "Their engineer" not in html
    assert vendor_client.get(f"/portal/remote-access/{foreign.pk}/").status_code == 404
    assert (
        vendor_client.post(f"/portal/remote-access/{foreign.pk}/start/", {"at": local(timezone.now())}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.started_at is None


def test_the_access_log_page_filters_exports_and_reads_flat(
    admin_client, vendor, other_vendor, django_assert_max_num_queries
) -> None:
    for number in range(20):
        log_entry(vendor, hours_ago=number, system=f"System {number}")
    log_entry(other_vendor, actor="someone", system="Their system")
    log_entry(vendor, hours_ago=24 * 40, system="Old system")
    since = timezone.localdate() - dt.timedelta(days=30)
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"/compliance/access-log/?vendor={vendor.pk}&on_or_after={since:%Y-%m-%d}")
    html = response.content.decode()
    assert "System 19" in html
    assert "Their system" not in html
    assert "Old system" not in html
    csv = b"".join(admin_client.get(f"/compliance/access-log/?vendor={vendor.pk}&export=csv").streaming_content)
    assert csv.decode().count("Enterprise Archive") == 0
    assert csv.decode().count("jrichter") == 21


def test_a_bad_day_in_the_access_log_filter_is_a_message_not_a_500(admin_client) -> None:
    response = admin_client.get("/compliance/access-log/?on_or_after=0001-01-01")
    assert response.status_code in (200, 400)


def test_vendor_users_never_reach_the_hospitals_access_log(vendor_client) -> None:
    assert vendor_client.get("/compliance/access-log/").status_code == 404


def test_the_gateway_pushes_entries_and_sessions_through_the_api(admin_api, vendor_api, vendor) -> None:
    session = session_for(vendor, starts_in_hours=-1, status="approved")
    started = admin_api.post(
        f"/api/v1/remote-access-sessions/{session.pk}/start/",
        {"at": timezone.now().isoformat(), "source_ip": "10.8.0.7"},
        format="json",
    )
    assert started.status_code == 200, started.content
    assert started.json()["flagged"] is False
    pushed = admin_api.post(
        "/api/v1/vendor-access-log/",
        {
            "entries": [
                {
                    "at": timezone.now().isoformat(),
                    "vendor": vendor.pk,
                    "actor": "jrichter",
                    "system": "Archive",
                    "action": "command",
                    "session": session.pk,
                    "detail": "reindex --all",
                },
            ]
        },
        format="json",
    )
    assert pushed.status_code == 201, pushed.content
    assert AccessLogEntry.objects.filter(action="command", detail="reindex --all", session=session).exists()
    refused = vendor_api.post("/api/v1/vendor-access-log/", {"entries": []}, format="json")
    assert refused.status_code == 403
    own = vendor_api.get("/api/v1/vendor-access-log/").json()["results"]
    # The gateway's entries, and the vendor's own refused push, logged as it was answered.
    assert {(row["action"], row["method"], row["status"]) for row in own} == {
        ("session_start", "", None),
        ("command", "", None),
        ("api_call", "POST", 403),
    }


def test_approving_an_ended_session_over_the_api_is_a_400_naming_why(admin_api, vendor, vendor_user) -> None:
    session = session_for(vendor, starts_in_hours=-3)
    RemoteAccessSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - 2 * HOUR, ended_at=timezone.now() - 1.5 * HOUR
    )
    response = admin_api.post(f"/api/v1/remote-access-sessions/{session.pk}/decide/", {"approve": True}, format="json")
    assert response.status_code == 400
    assert "already ended" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "requested"


def test_the_access_log_page_never_counts_the_log_and_pages_on(admin_client, vendor) -> None:
    for number in range(30):
        log_entry(vendor, hours_ago=number, system=f"System {number:02}")

    with CaptureQueriesContext(connection) as context:
        first = admin_client.get(f"/compliance/access-log/?vendor={vendor.pk}")
    counted = [query["sql"] for query in context.captured_queries if "COUNT(" in query["sql"].upper()]
    assert not [sql for sql in counted if "compliance_accesslogentry" in sql]
    html = first.content.decode()
    # Newest first, 25 a page: the five oldest on the next page.
    assert "System 00" in html
    assert "System 24" in html
    assert "System 25" not in html
    assert "System 29" in admin_client.get(f"/compliance/access-log/?vendor={vendor.pk}&page=2").content.decode()
