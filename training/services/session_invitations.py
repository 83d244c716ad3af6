"""Invitations to a session by email, through the outbox, each with the session as an iCalendar
attachment (``core.ical``): a REQUEST when a person gets a seat (enrolled, or moved up from the
waiting list) and again, with a higher SEQUENCE, when the session moves; a CANCEL when the
session is cancelled or the person is taken off it. One mail per person (people on a session
do not see each other's addresses). Nothing is mailed while notifications are silenced
(history replayed); people without an email address in the staff directory get nothing."""

import datetime
from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.utils import timezone

from core.ical import CalendarEvent, invitation, site_host
from core.text import single_line
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from training.models import Enrolment, Session

PRODID = "-//PACS Vendor Desk//Training sessions//EN"


def session_uid(session: Session) -> str:
    """Stable for the life of the session, so a moved or cancelled session updates its event."""
    return f"training-session-{session.pk}@{site_host()}"


def _trainer(session: Session) -> str:
    trainer = session.trainer or session.vendor_trainer
    return trainer.name if trainer else ""


def session_event(session: Session) -> CalendarEvent:
    course = session.course
    lines = [f"{course} ({course.duration_minutes} minutes)."]
    if trainer := _trainer(session):
        lines.append(f"Trainer: {trainer}")
    if session.link:
        lines.append(f"Join: {session.link}")
    return CalendarEvent(
        uid=session_uid(session),
        sequence=session.invitation_sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"Training: {course}",
        description="\n".join(lines),
        location=session.location or session.link,
        url=session.link,
    )


def _message(session: Session, enrolment: Enrolment, *, cancel: bool, stamp: datetime.datetime) -> EmailMessage:
    person = enrolment.person
    when = timezone.localtime(session.starts_at).strftime("%a %d %b %Y, %H:%M")
    if cancel:
        verb = "Cancelled" if session.is_cancelled else "Taken off"
    else:
        verb = "Updated" if enrolment.invited_sequence is not None else "Invitation"
    where = session.location or ("online" if session.link else "")
    body = [f"Dear {person.name},", ""]
    if cancel and session.is_cancelled:
        body.append(f"The training session {session.course} on {when} is cancelled.")
    elif cancel:
        body.append(f"You are no longer on the training session {session.course} on {when}.")
    else:
        body.append(
            f"You have a seat on the training session {session.course}, {when}" + (f", {where}." if where else ".")
        )
        if session.link:
            body.append(f"Join: {session.link}")
        body.append("The calendar entry is attached.")
    ics = invitation(
        session_event(session), attendees=[(person.name, person.email)], cancel=cancel, stamp=stamp, prodid=PRODID
    )
    message = EmailMessage(
        subject=single_line(f"{verb}: {session.course}, {when}", 200), body="\n".join(body) + "\n", to=[person.email]
    )
    message.attach("training.ics", ics, f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}")
    return message


def session_invite(
    *, session: Session, enrolments: Iterable[Enrolment], cancel: bool = False, now: datetime.datetime | None = None
) -> int:
    """Mail each enrolment's person the session (a REQUEST, or a CANCEL) and remember which
    sequence they were sent (none after a cancellation: a new seat is a new invitation).
    Returns the mails queued."""
    if notifications_silenced():
        return 0
    now = now or timezone.now()
    rows = [
        e
        for e in Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).select_related("person")
        if e.person.email
    ]
    session = Session.objects.select_related("course", "trainer", "vendor_trainer").get(pk=session.pk)
    messages = [_message(session, enrolment, cancel=cancel, stamp=now) for enrolment in rows]
    if messages:
        outbox_enqueue_many(messages=messages)
        sent = None if cancel else session.invitation_sequence
        Enrolment.objects.filter(pk__in=[e.pk for e in rows]).update(invited_sequence=sent)
    return len(messages)
