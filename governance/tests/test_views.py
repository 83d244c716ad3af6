import datetime

import pytest
from django.utils import timezone

from governance.models import ActionItem, AgendaItem, Decision, Meeting
from governance.tests.factories import meeting_for, started_meeting_for
from slas.models import FollowUpAction
from slas.tests.factories import incident_for
from tickets.tests.factories import open_ticket
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_the_meeting_page_shows_the_live_agenda_and_the_start_freezes_it(staff_client, vendor):
    open_ticket(vendor, severity="P1", title="Archive down")
    meeting = meeting_for(vendor)
    page = staff_client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "Live: built from today" in page
    assert "Archive down" in page
    response = staff_client.post(f"/governance/meetings/{meeting.pk}/start/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.STARTED
    assert meeting.agenda["sections"][0]["key"] == "tickets"
    page = staff_client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "Frozen" in page
    assert "Record decision" in page


def test_minutes_are_recorded_from_the_page(staff_client, staff_user, vendor):
    meeting = started_meeting_for(vendor)
    contact = ContactFactory(vendor=vendor)
    assert (
        staff_client.post(f"/governance/meetings/{meeting.pk}/decisions/", {"text": "Upgrade in March"}).status_code
        == 302
    )
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = staff_client.post(
        f"/governance/meetings/{meeting.pk}/actions/",
        {"description": "Send plan", "owner_contact": contact.pk, "due_date": due},
    )
    assert response.status_code == 302
    refused = staff_client.post(f"/governance/meetings/{meeting.pk}/actions/", {"description": "No owner"})
    assert refused.status_code == 400
    assert "Every action has an owner" in refused.content.decode()
    assert Decision.objects.get().text == "Upgrade in March"
    assert list(ActionItem.objects.values_list("description", flat=True)) == ["Send plan"]


def test_the_register_lists_meeting_actions_beside_incident_follow_ups(
    admin_client, vendor, django_assert_max_num_queries
):
    meeting = started_meeting_for(vendor)
    for n in range(3):
        ActionItem.objects.create(
            meeting=meeting,
            vendor=vendor,
            description=f"Meeting action {n}",
            owner_contact=ContactFactory(vendor=vendor),
            side="vendor",
            due_date=timezone.localdate() + datetime.timedelta(days=n),
        )
    incident = incident_for(vendor)
    FollowUpAction.objects.create(
        incident=incident,
        description="Replace the disk",
        owner_name="Engineer",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_assert_max_num_queries(12):
        page = admin_client.get("/governance/actions/").content.decode()
    assert "Meeting action 2" in page
    assert "Replace the disk" in page
    assert "Overdue" in page
    overdue = admin_client.get("/governance/actions/?overdue=on").content.decode()
    assert "Replace the disk" in overdue
    assert "Meeting action 2" not in overdue
    csv = b"".join(admin_client.get("/governance/actions/?export=csv").streaming_content).decode()
    assert "Replace the disk" in csv
    assert "Meeting action 0" in csv


def test_a_frozen_agenda_refuses_new_items(staff_client, vendor):
    meeting = started_meeting_for(vendor)
    response = staff_client.post(f"/governance/meetings/{meeting.pk}/items/", {"title": "Late item"})
    assert response.status_code == 400
    assert "frozen" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_the_api_gives_the_meeting_with_its_agenda_and_the_register(admin_api, vendor_api, vendor, staff_user):
    meeting = started_meeting_for(vendor)
    from governance.models import MinuteNote

    MinuteNote.objects.create(meeting=meeting, item_key="x", text="secret", internal=True)
    MinuteNote.objects.create(meeting=meeting, item_key="x", text="shared", internal=False)
    body = admin_api.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["agenda"]["sections"] == []
    assert {n["text"] for n in body["notes"]} == {"secret", "shared"}
    body = vendor_api.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [n["text"] for n in body["notes"]] == ["shared"]
    assert admin_api.get("/api/v1/actions/?overdue=true").status_code == 200
    assert admin_api.get("/api/v1/actions/?colour=red").status_code == 400


def test_the_register_sorts_and_pages_across_sources(admin_client, vendor):
    meeting = started_meeting_for(vendor)
    today = timezone.localdate()
    for n in range(30):
        ActionItem.objects.create(
            meeting=meeting,
            vendor=vendor,
            description=f"Meeting action {n:02d}",
            owner_contact=ContactFactory(vendor=vendor),
            side="vendor",
            due_date=today + datetime.timedelta(days=2 * n),
        )
    incident = incident_for(vendor)
    for n in range(30):
        FollowUpAction.objects.create(
            incident=incident,
            description=f"Follow-up {n:02d}",
            owner_name="E",
            due_date=today + datetime.timedelta(days=2 * n + 1),
        )
    first = admin_client.get("/governance/actions/").context["table"]
    second = admin_client.get("/governance/actions/?page=2").context["table"]
    rows = [row.record["r_description"] for row in first.page.object_list] + [
        row.record["r_description"] for row in second.page.object_list
    ]
    assert rows[:4] == ["Meeting action 00", "Follow-up 00", "Meeting action 01", "Follow-up 01"]
    assert rows[48:50] == ["Meeting action 24", "Follow-up 24"]
    by_name = admin_client.get("/governance/actions/?sort=-r_description").context["table"]
    assert by_name.page.object_list[0].record["r_description"] == "Meeting action 29"


def test_the_meeting_list_and_the_decision_log_read_in_a_fixed_number_of_queries(
    admin_client, vendor, other_vendor, django_assert_max_num_queries
):
    for owner in (vendor, other_vendor) * 5:
        held = started_meeting_for(owner)
        Decision.objects.create(meeting=held, vendor=owner, text=f"Agreed with {owner.name}")
    with django_assert_max_num_queries(12):
        page = admin_client.get("/governance/").content.decode()
    assert page.count("Held") >= 10
    with django_assert_max_num_queries(12):
        log = admin_client.get(f"/governance/decisions/?q=agreed&vendor={vendor.pk}").content.decode()
    assert log.count(f"Agreed with {vendor.name}") == 5
    assert f"Agreed with {other_vendor.name}" not in log
