"""The maintenance calendar feed, read back with ``icalendar`` as a calendar application would:
events, stable UIDs, UTC times, STATUS, what each key may see, revoked and unknown keys."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import VendorUserFactory
from slas.models import FeedToken, MaintenanceWindow
from slas.services.maintenance import feed_token_regenerate
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import berlin, next_sunday
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)
SITE = "https://pacs.hospital.example"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def windows(vendor, other_vendor) -> dict[str, MaintenanceWindow]:
    sunday = next_sunday()
    archive = ComponentFactory(vendor=vendor, name="Archive", site="DC1")
    viewer = ComponentFactory(vendor=vendor, name="Viewer", site="")
    approved = maintenance_for(
        vendor,
        title="Firmware, controller; step 2",
        description="Rolling restart.\nImages stay online.",
        planned_start=berlin(sunday, 1),
        duration=3 * H,
        announced_at=timezone.now() - 24 * H,
    )
    approved.components.set([archive, viewer])
    return {
        "approved": approved,
        "proposed": maintenance_for(
            vendor,
            title="Storage firmware",
            planned_start=berlin(sunday, 2),
            announced_at=timezone.now(),
            state=State.PROPOSED,
        ),
        "cancelled": maintenance_for(
            vendor,
            title="Called off",
            planned_start=berlin(sunday, 3),
            announced_at=timezone.now(),
            state=State.CANCELLED,
        ),
        "rejected": maintenance_for(
            vendor,
            title="Refused work",
            planned_start=berlin(sunday, 4),
            announced_at=timezone.now(),
            state=State.REJECTED,
        ),
        "theirs": maintenance_for(
            other_vendor, title="Other vendor's release", planned_start=berlin(sunday, 5), announced_at=timezone.now()
        ),
        "old": maintenance_for(
            vendor,
            title="Two years ago",
            planned_start=timezone.now() - 730 * 24 * H,
            announced_at=timezone.now() - 740 * 24 * H,
        ),
    }


def _feed(path: str) -> tuple[object, Calendar]:
    response = Client().get(path)  # calendar applications send no session cookie
    assert response.status_code == 200, path
    return response, Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _path(user, vendor_id: int | None = None) -> str:
    key = feed_token_regenerate(user=user).key
    return (
        f"/sla/maintenance/feed/{key}.ics"
        if vendor_id is None
        else f"/sla/maintenance/feed/{key}/vendor/{vendor_id}.ics"
    )


def test_the_overall_feed_has_each_window_as_an_event(windows, staff_user, vendor) -> None:
    response, calendar = _feed(_path(staff_user))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//PACS Vendor Desk//Maintenance windows//EN"
    assert calendar["X-WR-CALNAME"] == "PACS maintenance windows"

    events = _events(calendar)
    uid = {name: f"maintenance-{w.pk}@pacs.hospital.example" for name, w in windows.items()}
    # Approved, proposed and cancelled (subscribers see cancellations); never rejected work;
    # a year of history.
    assert set(events) == {uid["approved"], uid["proposed"], uid["cancelled"], uid["theirs"]}

    approved = windows["approved"]
    event = events[uid["approved"]]
    assert event.decoded("DTSTART") == approved.planned_start
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") == approved.planned_end
    assert (
        "DTSTART:" + approved.planned_start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") in response.content.decode()
    )
    assert str(event["SUMMARY"]) == "Meridian Imaging Systems: Firmware, controller; step 2 (approved)"
    assert str(event["DESCRIPTION"]) == (
        "Components: Archive (DC1), Viewer\nState: Approved\n\nRolling restart.\nImages stay online.\n\n"
        f"{SITE}/sla/maintenance/{approved.pk}/"
    )
    assert str(event["URL"]) == f"{SITE}/sla/maintenance/{approved.pk}/"
    assert event.decoded("LAST-MODIFIED") == approved.updated_at.replace(microsecond=0)
    assert [str(events[uid[name]]["STATUS"]) for name in ("approved", "proposed", "cancelled")] == [
        "CONFIRMED",
        "TENTATIVE",
        "CANCELLED",
    ]
    assert str(events[uid["proposed"]]["SUMMARY"]).endswith("Storage firmware (awaiting approval)")
    assert "Components: all components of Meridian Imaging Systems" in str(events[uid["proposed"]]["DESCRIPTION"])


def test_uids_stay_the_same_when_a_window_changes(windows, staff_user) -> None:
    path = _path(staff_user)
    window = windows["proposed"]
    before = _events(_feed(path)[1])
    MaintenanceWindow.objects.filter(pk=window.pk).update(
        state=State.CANCELLED, planned_end=window.planned_end + H, updated_at=timezone.now() + H
    )
    after = _events(_feed(path)[1])
    assert set(before) == set(after)
    uid = f"maintenance-{window.pk}@pacs.hospital.example"
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert after[uid].decoded("DTEND") == window.planned_end + H
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")


def test_a_vendor_feed_of_a_hospital_user_holds_that_vendor_only(windows, staff_user, other_vendor) -> None:
    _, calendar = _feed(_path(staff_user, other_vendor.pk))
    assert calendar["X-WR-CALNAME"] == "Maintenance: Other Vendor GmbH"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Other Vendor GmbH: Other vendor's release (approved)"
    ]
    assert Client().get(f"/sla/maintenance/feed/{staff_user.feed_token.key}/vendor/999999.ics").status_code == 404


def test_a_vendor_users_key_shows_their_own_vendor_only(windows, vendor, other_vendor, vendor_user) -> None:
    _, overall = _feed(_path(vendor_user))
    summaries = sorted(str(e["SUMMARY"]) for e in overall.walk("VEVENT"))
    assert summaries == [
        "Meridian Imaging Systems: Called off (cancelled)",
        "Meridian Imaging Systems: Firmware, controller; step 2 (approved)",
        "Meridian Imaging Systems: Storage firmware (awaiting approval)",
    ]
    # Links go to the portal, the only pages a vendor user can open.
    event = _events(overall)[f"maintenance-{windows['approved'].pk}@pacs.hospital.example"]
    assert str(event["URL"]) == f"{SITE}/portal/maintenance/{windows['approved'].pk}/"

    key = vendor_user.feed_token.key
    _, own = _feed(f"/sla/maintenance/feed/{key}/vendor/{vendor.pk}.ics")
    assert len(own.walk("VEVENT")) == 3
    response = Client().get(f"/sla/maintenance/feed/{key}/vendor/{other_vendor.pk}.ics")
    assert response.status_code == 404
    assert b"Other vendor" not in response.content


def test_unknown_revoked_and_deactivated_keys_answer_404(windows, staff_user) -> None:
    client = Client()
    assert client.get("/sla/maintenance/feed/not-a-key.ics").status_code == 404
    old_path = _path(staff_user)
    new_path = _path(staff_user)  # regenerating revokes the old key at once
    assert client.get(old_path).status_code == 404
    assert client.get(new_path).status_code == 200

    leaver = VendorUserFactory(vendor=windows["approved"].vendor)
    path = _path(leaver)
    assert client.get(path).status_code == 200
    leaver.is_active = False
    leaver.save()
    assert client.get(path).status_code == 404


def test_the_list_page_offers_a_link_and_regenerating_revokes_the_old_one(
    admin_client: Client, admin_user, windows
) -> None:
    html = admin_client.get("/sla/maintenance/").content.decode()
    assert "Make my calendar link" in html
    assert ".ics" not in html
    assert not FeedToken.objects.filter(user=admin_user).exists()

    response = admin_client.post("/sla/maintenance/feed/regenerate/", {"next": "/sla/maintenance/"}, follow=True)
    assert "Calendar link made." in response.content.decode()
    first_key = FeedToken.objects.get(user=admin_user).key
    html = response.content.decode()
    assert f'value="{SITE}/sla/maintenance/feed/{first_key}.ics"' in html
    assert f'value="{SITE}/sla/maintenance/feed/{first_key}/vendor/{windows["theirs"].vendor_id}.ics"' in html
    assert "Regenerate link" in html

    response = admin_client.post("/sla/maintenance/feed/regenerate/", follow=True)
    assert "The old link no longer works" in response.content.decode()
    second_key = FeedToken.objects.get(user=admin_user).key
    assert second_key != first_key
    assert Client().get(f"/sla/maintenance/feed/{first_key}.ics").status_code == 404
    assert Client().get(f"/sla/maintenance/feed/{second_key}.ics").status_code == 200
    assert admin_client.get("/sla/maintenance/feed/regenerate/").status_code == 405


def test_the_feed_costs_the_same_queries_however_many_windows(staff_user, vendor) -> None:
    path = _path(staff_user)
    maintenance_for(vendor, announced_at=timezone.now())
    with CaptureQueriesContext(connection) as few:
        Client().get(path)
    for n in range(10):
        maintenance_for(vendor, title=f"Window {n}", announced_at=timezone.now()).components.set(
            [ComponentFactory(vendor=vendor)]
        )
    with CaptureQueriesContext(connection) as many:
        _, calendar = _feed(path)
    assert len(calendar.walk("VEVENT")) == 11
    assert len(many) == len(few)


def test_a_signed_in_vendor_user_can_open_their_feed_link_in_the_browser(windows, vendor_user, vendor_client) -> None:
    # The portal confinement keeps vendor users off hospital pages, but the feed is keyed by its URL.
    response = vendor_client.get(_path(vendor_user))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
