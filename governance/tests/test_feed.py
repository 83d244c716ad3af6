"""The meeting calendar feed: each user's secret, revocable link to the meetings they attend (a
vendor user's: its vendor's meetings its contact with the user's address attends), moved
meetings at their new time with a higher SEQUENCE, cancelled ones CANCELLED; fetched without a
session; the panel that makes, replaces and revokes the link in the hospital UI and the portal.
The feed is parsed with ``icalendar``, as a calendar application would read it."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from governance.models import Attendance, MeetingFeedToken
from governance.selectors.meetings import FEED_PAST_DAYS
from governance.services.meetings import (
    meeting_cancel,
    meeting_feed_regenerate,
    meeting_feed_revoke,
    meeting_reschedule,
)
from governance.tests.factories import meeting_for, series_for
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def soon(days: int) -> datetime.datetime:
    return (timezone.now() + days * DAY).replace(second=0, microsecond=0)


def events(response: object) -> dict[str, object]:
    """The feed's events by UID."""
    calendar = Calendar.from_ical(response.content)
    assert calendar["method"] == "PUBLISH"
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def by_meeting(found: dict[str, object]) -> dict[int, object]:
    return {int(key.split("@")[0].removeprefix("meeting-")): event for key, event in found.items()}


def test_a_hospital_users_feed_holds_the_meetings_they_attend_with_moves_and_cancellations(
    vendor, other_vendor, admin_user, staff_user, django_assert_max_num_queries
) -> None:
    series = series_for(vendor, title="Biweekly operations", location="Room 4.12")
    kept = meeting_for(vendor, series=series, starts_at=soon(3))
    moved = meeting_for(vendor, series=series, starts_at=soon(17))
    cancelled = meeting_for(vendor, series=series, starts_at=soon(31))
    elsewhere = meeting_for(other_vendor, starts_at=soon(5))
    not_invited = meeting_for(vendor, starts_at=soon(6))
    long_ago = meeting_for(vendor, series=series, starts_at=soon(-FEED_PAST_DAYS - 1))
    for meeting in (kept, moved, cancelled, elsewhere, long_ago):
        Attendance.objects.create(meeting=meeting, user=staff_user)
    Attendance.objects.create(meeting=not_invited, user=admin_user)
    new_start = soon(18)
    meeting_reschedule(meeting=moved, starts_at=new_start, actor=admin_user)
    meeting_cancel(meeting=cancelled, actor=admin_user)
    token = meeting_feed_regenerate(user=staff_user)

    with django_assert_max_num_queries(3):
        response = Client().get(f"/governance/feed/{token.key}.ics")  # no session: the key is the credential

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    found = by_meeting(events(response))
    assert set(found) == {kept.pk, moved.pk, cancelled.pk, elsewhere.pk}
    event = found[kept.pk]
    assert str(event["summary"]) == f"{vendor}: Biweekly operations"
    assert str(event["location"]) == "Room 4.12"
    assert event.decoded("dtstart") == kept.starts_at
    assert (str(event["status"]), int(event["sequence"])) == ("CONFIRMED", 0)
    assert str(event["url"]) == f"{settings.SITE_URL}/governance/meetings/{kept.pk}/"
    assert found[moved.pk].decoded("dtstart") == new_start
    assert found[moved.pk].decoded("dtend") == new_start + datetime.timedelta(hours=1)
    assert (str(found[moved.pk]["status"]), int(found[moved.pk]["sequence"])) == ("CONFIRMED", 1)
    assert (str(found[cancelled.pk]["status"]), int(found[cancelled.pk]["sequence"])) == ("CANCELLED", 1)


def test_a_vendor_users_feed_holds_only_its_vendors_meetings_its_contact_attends(
    vendor, other_vendor, vendor_user
) -> None:
    me = ContactFactory(vendor=vendor, email=vendor_user.email.upper())
    colleague = ContactFactory(vendor=vendor)
    namesake = ContactFactory(vendor=other_vendor, email=vendor_user.email)
    mine = meeting_for(vendor, starts_at=soon(2))
    theirs = meeting_for(vendor, starts_at=soon(4))
    foreign = meeting_for(other_vendor, starts_at=soon(3))
    Attendance.objects.create(meeting=mine, contact=me)
    Attendance.objects.create(meeting=theirs, contact=colleague)
    Attendance.objects.create(meeting=foreign, contact=namesake)
    token = meeting_feed_regenerate(user=vendor_user)

    found = by_meeting(events(Client().get(f"/governance/feed/{token.key}.ics")))

    assert set(found) == {mine.pk}
    assert str(found[mine.pk]["url"]) == f"{settings.SITE_URL}/portal/meetings/{mine.pk}/"


def test_a_new_link_revokes_the_old_one_and_a_revoked_or_deactivated_users_feed_is_gone(staff_user) -> None:
    old = meeting_feed_regenerate(user=staff_user).key
    new = meeting_feed_regenerate(user=staff_user).key

    assert old != new
    assert Client().get(f"/governance/feed/{old}.ics").status_code == 404
    assert Client().get(f"/governance/feed/{new}.ics").status_code == 200

    assert meeting_feed_revoke(user=staff_user) is True
    assert not MeetingFeedToken.objects.exists()
    assert Client().get(f"/governance/feed/{new}.ics").status_code == 404
    assert meeting_feed_revoke(user=staff_user) is False

    leaver = UserFactory()
    key = meeting_feed_regenerate(user=leaver).key
    leaver.is_active = False
    leaver.save()
    assert Client().get(f"/governance/feed/{key}.ics").status_code == 404


def test_the_hospital_panel_makes_replaces_and_revokes_the_link(staff_client, staff_user) -> None:
    page = staff_client.get("/governance/").content.decode()
    assert "Make my calendar link" in page

    made = staff_client.post("/governance/feed/", {"action": "regenerate"}, follow=True)

    key = MeetingFeedToken.objects.get(user=staff_user).key
    html = made.content.decode()
    assert "Calendar link made." in html
    assert f"{settings.SITE_URL}/governance/feed/{key}.ics" in html
    assert "Revoke link" in html

    replaced = staff_client.post("/governance/feed/", {"action": "regenerate"}, follow=True)
    assert "The old link no longer works" in replaced.content.decode()
    assert MeetingFeedToken.objects.get(user=staff_user).key != key

    revoked = staff_client.post("/governance/feed/", {"action": "revoke"}, follow=True)
    assert "Calendar link revoked" in revoked.content.decode()
    assert not MeetingFeedToken.objects.exists()


def test_the_portal_panel_makes_the_vendor_users_link(vendor_client, vendor_user) -> None:
    assert "Make my calendar link" in vendor_client.get("/portal/meetings/").content.decode()

    page = vendor_client.post("/portal/meetings/feed/", {"action": "regenerate"}, follow=True).content.decode()

    key = MeetingFeedToken.objects.get(user=vendor_user).key
    assert f"/governance/feed/{key}.ics" in page
    assert vendor_client.post("/governance/feed/", {"action": "regenerate"}).status_code == 404  # hospital UI
    assert Client().post("/portal/meetings/feed/", {"action": "regenerate"}).status_code == 302  # sign in first
    assert MeetingFeedToken.objects.count() == 1
