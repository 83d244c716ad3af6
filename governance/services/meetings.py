"""Meeting series and their occurrences: setting a series up, creating its meetings ahead (the
periodic job), invitations and cancellations with an iCalendar attachment through the outbox;
each user's secret meeting-calendar link, made, replaced and revoked."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.permissions import require
from core.roles import is_hospital_user
from core.text import single_line
from governance import recurrence
from governance.ical import invitation
from governance.models import Attendance, Meeting, MeetingFeedToken, MeetingSeries
from governance.models.meetings import HORIZON_DAYS, new_feed_key
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from vendors.models import Contact


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _check_attendees(series: MeetingSeries, users: Iterable[User], contacts: Iterable[Contact]) -> None:
    errors: dict[str, str] = {}
    if any(not is_hospital_user(user) or not user.is_active for user in users):
        errors["hospital_attendees"] = "Hospital attendees are active hospital users."
    if any(contact.vendor_id != series.vendor_id for contact in contacts):
        errors["vendor_attendees"] = "Vendor attendees are contacts of the series' vendor."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def series_create(
    *,
    series: MeetingSeries,
    hospital_attendees: Iterable[User],
    vendor_attendees: Iterable[Contact],
    actor: User,
    now: datetime.datetime | None = None,
) -> MeetingSeries:
    """Save a new series with its attendees, create its meetings up to the horizon (from its
    first meeting, so a series may begin in the past) and invite everyone to those ahead."""
    require(actor, "meeting.schedule", series)
    users, contacts = list(hospital_attendees), list(vendor_attendees)
    _check_attendees(series, users, contacts)
    series.full_clean()
    series.save()
    series.hospital_attendees.set(users)
    series.vendor_attendees.set(contacts)
    meetings_schedule(series=series, after=series.first_start, now=now or timezone.now())
    return series


def meetings_schedule(*, series: MeetingSeries, after: datetime.datetime, now: datetime.datetime) -> list[Meeting]:
    """Create the series' meetings starting from ``after`` to the horizon that do not exist yet,
    each with its invited attendance, and invite to those still ahead. Idempotent: a start that
    has its meeting is skipped (one meeting per series and start, a constraint)."""
    starts = recurrence.occurrences(
        first_start=series.first_start,
        frequency=series.frequency,
        zone=_zone(),
        after=after,
        before=now + datetime.timedelta(days=HORIZON_DAYS),
        until=series.until,
    )
    existing = set(series.meetings.filter(starts_at__in=starts).values_list("starts_at", flat=True))
    length = datetime.timedelta(minutes=series.duration_minutes)
    new = [
        Meeting(series=series, vendor_id=series.vendor_id, starts_at=start, ends_at=start + length)
        for start in starts
        if start not in existing
    ]
    if not new:
        return []
    created = Meeting.objects.bulk_create(new, ignore_conflicts=True)
    created = list(series.meetings.filter(starts_at__in=[m.starts_at for m in created]).exclude(starts_at__in=existing))
    users = list(series.hospital_attendees.all())
    contacts = list(series.vendor_attendees.all())
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=user) for meeting in created for user in users]
        + [Attendance(meeting=meeting, contact=contact) for meeting in created for contact in contacts]
    )
    ahead = [meeting for meeting in created if meeting.starts_at > now]
    meetings_invite(meetings=ahead, now=now)
    return created


def _recipients(meeting: Meeting) -> list[tuple[str, str]]:
    people = []
    for row in meeting.attendance.all():
        email = row.user.email if row.user_id else row.contact.email
        if email:
            people.append((row.person_name, email))
    return people


def meetings_invite(*, meetings: Iterable[Meeting], now: datetime.datetime, cancel: bool = False) -> int:
    """Mail each meeting's attendees an invitation (or a cancellation) with the meeting as an
    iCalendar attachment, through the outbox; one mail per meeting, every attendee on it.
    Nothing while notifications are silenced (replaying history). Returns the mails queued."""
    if notifications_silenced():
        return 0
    meetings = list(meetings)
    rows = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related("series", "vendor")
    rows = rows.prefetch_related("attendance__user", "attendance__contact")
    messages = []
    for meeting in rows:
        people = _recipients(meeting)
        if not people:
            continue
        url = settings.SITE_URL + object_url(meeting, audience=Audience.HOSPITAL)
        ics = invitation(meeting, attendees=people, cancel=cancel, stamp=now, url=url)
        when = timezone.localtime(meeting.starts_at).strftime("%a %d %b %Y, %H:%M")
        verb = "Cancelled" if cancel else ("Updated" if meeting.invitation_sequence else "Invitation")
        message = EmailMessage(
            subject=single_line(f"{verb}: {meeting.series.title} with {meeting.vendor}, {when}", 200),
            body=(
                f"{meeting.series.get_kind_display()} with {meeting.vendor}, {when} "
                f"({meeting.series.duration_minutes} minutes).\n"
                + (f"Where: {meeting.series.location}\n" if meeting.series.location else "")
                + ("\nThis meeting is cancelled.\n" if cancel else "\nThe calendar entry is attached.\n")
            ),
            to=[email for _, email in people],
        )
        message.attach("meeting.ics", ics, f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}")
        messages.append(message)
    if messages:
        outbox_enqueue_many(messages=messages)
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(invited_at=now)
    return len(messages)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, now: datetime.datetime | None = None) -> Meeting:
    """Cancel a meeting that has not started; the attendees get the cancellation."""
    require(actor, "meeting.schedule", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be cancelled; this one has started or is cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.invitation_sequence += 1
    meeting.save(update_fields=["status", "invitation_sequence", "updated_at"])
    meetings_invite(meetings=[meeting], now=now or timezone.now(), cancel=True)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, starts_at: datetime.datetime, actor: User, now: datetime.datetime | None = None
) -> Meeting:
    """Move one scheduled meeting (its length kept); the attendees get the updated invitation,
    which replaces the event in their calendars (same UID, higher SEQUENCE)."""
    require(actor, "meeting.schedule", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be moved; this one has started or is cancelled.")
    if starts_at <= now:
        raise ValidationError({"starts_at": "Move the meeting to a time still ahead."})
    if Meeting.objects.filter(series_id=meeting.series_id, starts_at=starts_at).exclude(pk=meeting.pk).exists():
        raise ValidationError({"starts_at": "The series already has a meeting at that time."})
    length = meeting.ends_at - meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + length
    meeting.invitation_sequence += 1
    meeting.save(update_fields=["starts_at", "ends_at", "invitation_sequence", "updated_at"])
    meetings_invite(meetings=[meeting], now=now)
    return meeting


def meetings_schedule_ahead(*, now: datetime.datetime | None = None) -> JobReport:
    """The periodic job: top every active series up to the horizon (daily)."""
    now = now or timezone.now()
    series_rows = MeetingSeries.objects.filter(active=True).order_by("pk")
    return for_each_row(
        series_rows,
        lambda series: len(meetings_schedule(series=series, after=now, now=now)),
        job="Schedule meetings ahead",
    )


def meeting_feed_regenerate(*, user: User) -> MeetingFeedToken:
    """Make the user's meeting-calendar link, or replace it: the old URL stops working at once."""
    if not user.is_active:
        raise ValidationError("A deactivated user has no calendar link.")
    token, _ = MeetingFeedToken.objects.update_or_create(user=user, defaults={"key": new_feed_key()})
    return token


def meeting_feed_revoke(*, user: User) -> bool:
    """Revoke the user's meeting-calendar link. Returns whether there was one."""
    deleted, _ = MeetingFeedToken.objects.filter(user=user).delete()
    return bool(deleted)
