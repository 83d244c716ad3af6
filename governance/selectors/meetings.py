"""Reads on meetings, series and decisions (scoped by the callers with ``visible_to``)."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from core.roles import is_vendor_user
from governance.models import Attendance, Decision, Meeting, MeetingFeedToken, MeetingSeries

# The feed reaches this far back (held and cancelled meetings stay in calendars a while).
FEED_PAST_DAYS = 180


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


def meeting_feed_token_of(user: User) -> MeetingFeedToken | None:
    """The user's meeting-feed token, if they have made one (reading never creates one)."""
    return MeetingFeedToken.objects.filter(user=user).first()


def meeting_feed_owner(key: str) -> User | None:
    """The active user whose meeting feed ``key`` is; None for an unknown key or a deactivated user."""
    token = MeetingFeedToken.objects.select_related("user").filter(key=key, user__is_active=True).first()
    return token.user if token else None


def feed_meetings(user: User, *, now: datetime.datetime) -> QuerySet[Meeting]:
    """The meetings ``user`` attends from FEED_PAST_DAYS ago on, cancelled ones included: a
    hospital user as an attendee; a vendor user, of their own vendor only, where one of its
    contacts with the user's email address attends (vendor users attend as contacts)."""
    attends = Q(user=user)
    if is_vendor_user(user) and user.email:
        attends |= Q(contact__email__iexact=user.email, contact__vendor_id=user.vendor_id)
    return (
        meeting_list()
        .visible_to(user)
        .filter(
            pk__in=Attendance.objects.filter(attends).values("meeting_id"),
            starts_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
        )
        .order_by("starts_at", "pk")
    )
