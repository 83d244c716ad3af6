"""Demo governance: for each demo vendor a biweekly operational series (its first meeting held twelve
days ago, with minutes: attendance, notes, two decisions and three actions, one of them overdue)
and a quarterly business review ahead; the vendor has added an item to the next meeting."""

import datetime

from django.utils import timezone

from core.roles import hospital_admins, hospital_users, vendor_users
from devtools.demo import governance_reviews
from devtools.seeding import DemoSeeder
from governance.models import ActionItem, Frequency, Meeting, MeetingKind, MeetingSeries
from governance.selectors.agenda import agenda_keys
from governance.services import actions, agenda, meetings, minutes
from vendors.models import Vendor

DECISIONS = (
    "The archive firmware upgrade goes ahead in the next maintenance window, with a rollback plan.",
    "The vendor reports retrieval times weekly until the p90 is back under target.",
)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _minutes(meeting: Meeting, admin: object, staff: list, contacts: list) -> None:
    """Hold the past meeting: its agenda frozen at its start, then the minutes."""
    meeting = agenda.meeting_start(meeting=meeting, actor=admin, now=meeting.starts_at)
    minutes.attendance_record(
        meeting=meeting,
        present_users={user.pk for user in staff},
        present_contacts={contact.pk for contact in contacts[:1]},
        actor=admin,
    )
    keys = [key for key, _ in agenda_keys(meeting.agenda)]
    if keys:
        minutes.note_add(
            meeting=meeting,
            item_key=keys[0],
            text="Walked through the open items; the vendor committed to dates.",
            internal=False,
            actor=admin,
        )
        minutes.note_add(
            meeting=meeting,
            item_key=keys[0],
            text="Escalate to the account manager if the dates slip again.",
            internal=True,
            actor=admin,
        )
    for text in DECISIONS:
        minutes.decision_record(meeting=meeting, text=text, actor=admin)
    today = timezone.localdate()
    owners = [
        (
            "Send the upgrade runbook and rollback plan",
            None,
            contacts[0] if contacts else None,
            today + datetime.timedelta(days=5),
        ),
        ("Book the maintenance window with radiology", staff[0], None, today + datetime.timedelta(days=10)),
        (
            "Share last month's retrieval figures",
            None,
            contacts[-1] if contacts else None,
            today - datetime.timedelta(days=2),
        ),
    ]
    for description, user, contact, due in owners:
        if user is None and contact is None:
            user = admin
        actions.action_add(
            action=ActionItem(
                meeting=meeting, description=description, owner_user=user, owner_contact=contact, due_date=due
            ),
            actor=admin,
        )


def seed(demo: DemoSeeder) -> None:
    admin = hospital_admins().order_by("pk").first()
    if admin is None:
        return
    staff = list(hospital_users().order_by("pk")[:2])
    today = timezone.localdate()
    for vendor in Vendor.objects.order_by("pk"):
        contacts = list(vendor.contacts.order_by("escalation_level", "pk")[:2])
        title = f"Operational meeting with {vendor}"
        if MeetingSeries.objects.filter(vendor=vendor, title=title).exists():
            continue
        first = today - datetime.timedelta(days=12)  # held; the next one is in two days
        series = meetings.series_create(
            series=MeetingSeries(
                vendor=vendor,
                kind=MeetingKind.BIWEEKLY_OPERATIONAL,
                title=title,
                frequency=Frequency.BIWEEKLY,
                first_start=_local(first, 10),
                duration_minutes=45,
                location="Radiology meeting room 2 / video call",
            ),
            hospital_attendees=staff,
            vendor_attendees=contacts,
            actor=admin,
        )
        demo.count_created("meeting series", True)
        past = series.meetings.order_by("starts_at").first()
        _minutes(past, admin, staff, contacts)
        upcoming = series.meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
        author = vendor_users(vendor.pk).first()
        if upcoming is not None and author is not None:
            agenda.agenda_item_add(
                meeting=upcoming,
                title="Release 8.2: features and upgrade path",
                detail="Fifteen minutes, with slides.",
                actor=author,
            )
        next_quarter = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        meetings.series_create(
            series=MeetingSeries(
                vendor=vendor,
                kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW,
                title=f"Quarterly business review with {vendor}",
                frequency=Frequency.QUARTERLY,
                first_start=_local(next_quarter + datetime.timedelta(days=7), 14),
                duration_minutes=120,
                location="Board room",
            ),
            hospital_attendees=staff,
            vendor_attendees=contacts,
            actor=admin,
        )
        demo.count_created("meeting series", True)
    governance_reviews.seed(demo)
