import datetime

import pytest
from django.utils import timezone

from governance.models import ActionItem, AgendaItem, MinuteNote
from governance.tests.factories import meeting_for, started_meeting_for
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_the_vendor_adds_an_agenda_item_before_the_freeze(vendor_client, vendor, other_vendor):
    meeting = meeting_for(vendor)
    response = vendor_client.post(f"/portal/meetings/{meeting.pk}/items/", {"title": "Release 8.2", "detail": "Dates"})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert item.title == "Release 8.2"
    assert item.meeting == meeting
    page = vendor_client.get(f"/portal/meetings/{meeting.pk}/").content.decode()
    assert "Release 8.2" in page
    foreign = meeting_for(other_vendor)
    assert vendor_client.get(f"/portal/meetings/{foreign.pk}/").status_code == 404
    assert vendor_client.post(f"/portal/meetings/{foreign.pk}/items/", {"title": "x"}).status_code == 404


def test_the_vendor_sees_minutes_without_internal_notes_and_updates_its_action(vendor_client, vendor):
    meeting = started_meeting_for(vendor)
    meeting.agenda["sections"] = [{"key": "tickets", "title": "Tickets", "rows": [], "figures": [], "total": 0}]
    meeting.save()
    MinuteNote.objects.create(meeting=meeting, item_key="tickets", text="Internal worry", internal=True)
    MinuteNote.objects.create(meeting=meeting, item_key="tickets", text="Vendor will patch", internal=False)
    action = ActionItem.objects.create(
        meeting=meeting,
        vendor=vendor,
        description="Install the patch",
        owner_contact=ContactFactory(vendor=vendor),
        side="vendor",
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    page = vendor_client.get(f"/portal/meetings/{meeting.pk}/").content.decode()
    assert "Vendor will patch" in page
    assert "Internal worry" not in page
    assert "Install the patch" in page
    response = vendor_client.post(f"/portal/actions/{action.pk}/status/", {"status": "in_progress"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    register = vendor_client.get("/portal/actions/").content.decode()
    assert "Install the patch" in register
