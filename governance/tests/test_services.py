import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.models import ActionItem, AgendaItem, Attendance, Frequency, Meeting, MeetingKind, MeetingSeries
from governance.services import actions, agenda, meetings, minutes
from governance.tests.factories import meeting_for, started_meeting_for
from notifications.models import OutboxEmail
from slas.tests.factories import incident_for
from tickets.tests.factories import open_ticket
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def biweekly(vendor, first_start) -> MeetingSeries:
    return MeetingSeries(
        vendor=vendor,
        kind=MeetingKind.BIWEEKLY_OPERATIONAL,
        title="Operations",
        frequency=Frequency.BIWEEKLY,
        first_start=first_start,
        duration_minutes=45,
    )


def test_a_series_creates_its_meetings_ahead_and_invites_with_an_ical(vendor, admin_user):
    contact = ContactFactory(vendor=vendor, email="engineer@vendor.example")
    first = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    series = meetings.series_create(
        series=biweekly(vendor, first), hospital_attendees=[admin_user], vendor_attendees=[contact], actor=admin_user
    )
    starts = list(series.meetings.values_list("starts_at", flat=True))
    assert starts[0] == first
    assert len(starts) == 9  # every two weeks within the 120-day horizon
    assert all(timezone.localtime(s).time() == timezone.localtime(first).time() for s in starts)  # across DST too
    assert Attendance.objects.filter(meeting__series=series).count() == 18
    mails = OutboxEmail.objects.filter(subject__startswith="Invitation: Operations")
    assert mails.count() == 9
    mail = mails.first()
    assert set(mail.to) == {admin_user.email, "engineer@vendor.example"}
    ics = bytes(mail.attachments.get().content).decode()
    assert "METHOD:REQUEST" in ics
    assert "BEGIN:VEVENT" in ics


def test_the_periodic_job_tops_up_without_duplicates(vendor, admin_user):
    first = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    series = meetings.series_create(
        series=biweekly(vendor, first), hospital_attendees=[], vendor_attendees=[], actor=admin_user
    )
    before = series.meetings.count()
    meetings.meetings_schedule_ahead()
    assert series.meetings.count() == before
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        report = meetings.meetings_schedule_ahead()
    assert report.done == 2
    assert series.meetings.count() == before + 2


def test_contacts_of_another_vendor_are_refused(vendor, other_vendor, admin_user):
    with pytest.raises(ValidationError) as error:
        meetings.series_create(
            series=biweekly(vendor, timezone.now()),
            hospital_attendees=[],
            vendor_attendees=[ContactFactory(vendor=other_vendor)],
            actor=admin_user,
        )
    assert "vendor_attendees" in error.value.message_dict
    assert not MeetingSeries.objects.exists()


def test_cancelling_sends_a_cancellation(vendor, admin_user):
    meeting = meeting_for(vendor)
    Attendance.objects.create(meeting=meeting, user=admin_user)
    meetings.meeting_cancel(meeting=meeting, actor=admin_user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.invitation_sequence == 1
    assert OutboxEmail.objects.filter(subject__startswith="Cancelled:").count() == 1


def test_the_agenda_is_built_from_the_data_and_frozen_at_the_start(vendor, staff_user, vendor_user):
    open_ticket(vendor, severity="P1", title="Archive down")
    incident_for(vendor, title="Viewer outage")
    meeting = meeting_for(vendor, starts_at=timezone.now() + datetime.timedelta(minutes=5))
    agenda.agenda_item_add(meeting=meeting, title="Upgrade to 8.2", detail="Plan it", actor=vendor_user)
    meeting = agenda.meeting_start(meeting=meeting, actor=staff_user)
    keys = [section["key"] for section in meeting.agenda["sections"]]
    assert keys[0] == "tickets"
    assert "incidents" in keys
    assert keys[-1].startswith("item-")
    tickets = meeting.agenda["sections"][0]
    assert tickets["total"] == 1
    assert "Archive down" in tickets["rows"][0]["label"]
    # the frozen agenda keeps what was shown
    open_ticket(vendor, severity="P1", title="Later ticket")
    meeting.refresh_from_db()
    assert meeting.agenda["sections"][0]["total"] == 1
    with pytest.raises(ValidationError, match="frozen"):
        agenda.agenda_item_add(meeting=meeting, title="Too late", actor=vendor_user)
    assert AgendaItem.objects.count() == 1


def test_a_vendor_user_adds_items_only_to_its_own_vendors_meetings(vendor, other_vendor, vendor_user):
    with pytest.raises(PermissionDenied):
        agenda.agenda_item_add(meeting=meeting_for(other_vendor), title="Foreign", actor=vendor_user)


def test_minutes_need_a_started_meeting_and_vendors_write_no_internal_notes(vendor, staff_user, vendor_user):
    meeting = meeting_for(vendor)
    with pytest.raises(ValidationError, match="start it first"):
        minutes.decision_record(meeting=meeting, text="Agreed", actor=staff_user)
    held = started_meeting_for(vendor)
    held.agenda["sections"] = [{"key": "tickets", "title": "Tickets", "rows": [], "figures": [], "total": 0}]
    held.save()
    note = minutes.note_add(meeting=held, item_key="tickets", text="Discussed", internal=True, actor=staff_user)
    assert note.internal
    with pytest.raises(ValidationError):
        minutes.note_add(meeting=held, item_key="nothing", text="x", internal=False, actor=staff_user)
    with pytest.raises((ValidationError, PermissionDenied)):
        minutes.note_add(meeting=held, item_key="tickets", text="x", internal=True, actor=vendor_user)
    decision = minutes.decision_record(meeting=held, text="Upgrade in March", actor=staff_user)
    assert decision.vendor == vendor


def test_an_action_needs_one_owner_and_a_due_date(vendor, staff_user):
    meeting = started_meeting_for(vendor)
    with pytest.raises(ValidationError) as error:
        actions.action_add(action=ActionItem(meeting=meeting, description="Do it"), actor=staff_user)
    assert set(error.value.message_dict) == {"owner_user", "due_date"}
    contact = ContactFactory(vendor=vendor)
    due = timezone.localdate() + datetime.timedelta(days=10)
    action = actions.action_add(
        action=ActionItem(meeting=meeting, description="Send the plan", owner_contact=contact, due_date=due),
        actor=staff_user,
    )
    assert action.side == "vendor"
    assert action.vendor == vendor
    mine = actions.action_add(
        action=ActionItem(meeting=meeting, description="Book the room", owner_user=staff_user, due_date=due),
        actor=staff_user,
    )
    assert mine.side == "hospital"
    assert ActionItem.objects.count() == 2


def test_the_vendor_updates_its_action(vendor, vendor_user, staff_user):
    meeting = started_meeting_for(vendor)
    action = actions.action_add(
        action=ActionItem(
            meeting=meeting,
            description="Patch",
            owner_contact=ContactFactory(vendor=vendor),
            due_date=timezone.localdate(),
        ),
        actor=staff_user,
    )
    actions.action_status_set(action=action, status="done", actor=vendor_user)
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None


def test_a_vendor_user_does_not_close_the_hospitals_action(vendor, vendor_user, staff_user):
    meeting = started_meeting_for(vendor)
    action = actions.action_add(
        action=ActionItem(
            meeting=meeting, description="Book the room", owner_user=staff_user, due_date=timezone.localdate()
        ),
        actor=staff_user,
    )
    with pytest.raises(ValidationError, match="hospital's"):
        actions.action_status_set(action=action, status="done", actor=vendor_user)
    action.refresh_from_db()
    assert action.status == "open"


def test_moving_a_meeting_sends_the_update_with_a_higher_sequence(vendor, admin_user):
    meeting = meeting_for(vendor)
    Attendance.objects.create(meeting=meeting, user=admin_user)
    later = meeting.starts_at + datetime.timedelta(days=1)
    moved = meetings.meeting_reschedule(meeting=meeting, starts_at=later, actor=admin_user)
    assert moved.starts_at == later
    assert moved.ends_at == later + datetime.timedelta(hours=1)
    mail = OutboxEmail.objects.get(subject__startswith="Updated:")
    ics = bytes(mail.attachments.get().content).decode()
    assert "SEQUENCE:1" in ics
    with pytest.raises(ValidationError):
        meetings.meeting_reschedule(
            meeting=moved, starts_at=timezone.now() - datetime.timedelta(hours=1), actor=admin_user
        )
