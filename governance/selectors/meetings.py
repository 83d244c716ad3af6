"""Reads on meetings, series and decisions (scoped by the callers with ``visible_to``)."""

from django.db.models import QuerySet

from governance.models import Attendance, Decision, Meeting, MeetingSeries


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("series", "vendor")


def meeting_detail() -> QuerySet[Meeting]:
    return meeting_list()


def series_detail() -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.select_related("vendor").prefetch_related("hospital_attendees", "vendor_attendees")


def decision_list() -> QuerySet[Decision]:
    return Decision.objects.select_related("vendor", "meeting__series")


def meeting_addressees(meeting_id: int) -> list[tuple[str, str]]:
    """The meeting's invited people who have an address, as (name, email): its hospital
    attendees who are still active users, then its vendor contacts (one query)."""
    rows = Attendance.objects.filter(meeting_id=meeting_id).select_related("user", "contact").order_by("pk")
    users, contacts = [], []
    for row in rows:
        if row.user_id and row.user.is_active and row.user.email:
            users.append((row.person_name, row.user.email))
        elif row.contact_id and row.contact.email:
            contacts.append((row.person_name, row.contact.email))
    return users + contacts
