"""Invitations to sessions: a seat (enrolled, or moved up from the waiting list) brings a mail
with the session as iCalendar METHOD:REQUEST under a stable UID; a moved session an update with
a higher SEQUENCE; a cancelled session or a person taken off a METHOD:CANCEL; nothing while
notifications are silenced, nothing to someone without an email address."""

import datetime

import pytest

from accounts.tests.factories import StaffMemberFactory
from core.ical import site_host
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from training.models import Enrolment
from training.services.sessions import session_cancel, session_enrol, session_save, session_withdraw
from training.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def mails_to(email: str) -> list[tuple[str, str]]:
    """(subject, iCalendar text) of each mail to ``email``, oldest first."""
    rows = OutboxEmail.objects.filter(to=[email]).order_by("pk").prefetch_related("attachments")
    return [(mail.subject, bytes(mail.attachments.get().content).decode()) for mail in rows]


def test_a_seat_brings_an_invitation_a_move_an_update_a_cancellation_a_cancel(admin_user) -> None:
    session = SessionFactory(capacity=1, course__title="Viewer essentials")
    ann = StaffMemberFactory(name="Ann", email="ann@hospital.example")
    ben = StaffMemberFactory(name="Ben", email="ben@hospital.example")
    session_enrol(session=session, person=ann, by=admin_user)
    session_enrol(session=session, person=ben, by=admin_user)  # waiting: no mail yet
    [(subject, ics)] = mails_to("ann@hospital.example")
    assert subject.startswith("Invitation: Viewer essentials, ")
    uid = f"UID:training-session-{session.pk}@{site_host()}"
    for line in ("METHOD:REQUEST", uid, "SEQUENCE:0", "LOCATION:Training room 2", "mailto:ann@hospital.example"):
        assert line in ics
    assert mails_to("ben@hospital.example") == []
    # Ann is taken off: she gets a cancellation, Ben moves up and gets his invitation.
    session_withdraw(enrolment=Enrolment.objects.get(person=ann), by=admin_user)
    assert "METHOD:CANCEL" in mails_to("ann@hospital.example")[-1][1]
    [(subject, ics)] = mails_to("ben@hospital.example")
    assert ("METHOD:REQUEST" in ics, uid in ics) == (True, True)
    # The session moves: Ben gets the update under the same UID with a higher sequence.
    data = {f: getattr(session, f) for f in ("course", "starts_at", "ends_at", "location", "capacity")}
    session_save(
        session=session,
        data={**data, "starts_at": data["starts_at"] + HOUR, "ends_at": data["ends_at"] + HOUR},
        by=admin_user,
    )
    subject, ics = mails_to("ben@hospital.example")[-1]
    assert subject.startswith("Updated: Viewer essentials")
    assert ("SEQUENCE:1" in ics, uid in ics, "METHOD:REQUEST" in ics) == (True, True, True)
    session_cancel(session=session, by=admin_user)
    subject, ics = mails_to("ben@hospital.example")[-1]
    assert subject.startswith("Cancelled: Viewer essentials")
    assert ("METHOD:CANCEL" in ics, "SEQUENCE:2" in ics, "STATUS:CANCELLED" in ics) == (True, True, True)
    assert len(mails_to("ann@hospital.example")) == 2  # not told of a session she had left


def test_no_mail_while_silenced_or_without_an_address(admin_user) -> None:
    session = SessionFactory()
    with silenced():
        session_enrol(session=session, person=StaffMemberFactory(email="quiet@hospital.example"), by=admin_user)
    session_enrol(session=session, person=StaffMemberFactory(email=""), by=admin_user)
    assert not OutboxEmail.objects.exists()
    assert list(Enrolment.objects.values_list("invited_sequence", flat=True)) == [None, None]
