"""Feedback on sessions: recording attendance asks each attendee once, by email with a one-use
signed link; the link takes ratings from 1 to 5 on content, trainer and usefulness and a comment,
refuses a second answer, an expired or made-up link; the course page shows the mean rating and the count."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import StaffMemberFactory
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from training.models import Enrolment, SessionFeedback
from training.services.session_feedback import feedback_token
from training.services.sessions import attendance_record
from training.tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

E = Enrolment.Status
HOUR = datetime.timedelta(hours=1)


def held_session(**kwargs):
    now = timezone.now()
    return SessionFactory(starts_at=now - 3 * HOUR, ends_at=now - HOUR, **kwargs)


def link_in(email: str) -> str:
    body = OutboxEmail.objects.get(to=[email]).body
    return re.search(r"https?://[^/\s]+(/training/feedback/[^\s]+/)", body).group(1)


def test_attendees_are_asked_once_and_answer_once(admin_user, admin_client: Client) -> None:
    session = held_session(course__title="Viewer essentials")
    ann = EnrolmentFactory(session=session, person=StaffMemberFactory(email="ann@hospital.example"))
    ben = EnrolmentFactory(session=session, person=StaffMemberFactory(email="ben@hospital.example"))
    attendance_record(session=session, marks={ann.pk: E.ATTENDED, ben.pk: E.NO_SHOW}, by=admin_user)
    attendance_record(session=session, marks={ann.pk: E.ATTENDED}, by=admin_user)  # corrected: not asked again
    assert OutboxEmail.objects.filter(to=["ann@hospital.example"]).count() == 1
    assert not OutboxEmail.objects.filter(to=["ben@hospital.example"]).exists()
    link = link_in("ann@hospital.example")
    visitor = Client()
    form = visitor.get(link).content.decode()
    assert all(question in form for question in ("The content", "The trainer", "Its usefulness for your work"))
    bad = visitor.post(link, {"content_rating": "9", "trainer_rating": "4"})
    assert bad.status_code == 400
    assert SessionFeedback.objects.get().answered_at is None
    answer = {"content_rating": "3", "trainer_rating": "5", "usefulness_rating": "4", "comment": "Clear and practical"}
    assert visitor.post(link, answer).status_code == 200
    stored = SessionFeedback.objects.get()
    assert (stored.content_rating, stored.trainer_rating, stored.usefulness_rating) == (3, 5, 4)
    assert (stored.comment, stored.enrolment_id) == ("Clear and practical", ann.pk)
    again = visitor.post(link, {**answer, "content_rating": "1"})
    assert "Already answered" in again.content.decode()
    assert SessionFeedback.objects.get().content_rating == 3
    assert visitor.get("/training/feedback/made-up-token/").status_code == 404
    page = admin_client.get(f"/training/courses/{session.course_id}/").content.decode()
    assert "4.0 of 5" in page
    assert "Content 3.0 · Trainer 5.0 · Usefulness 4.0 · from 1 answer" in page


def test_an_expired_link_and_silenced_notifications(admin_user) -> None:
    session = held_session()
    seat = EnrolmentFactory(session=session, person=StaffMemberFactory(email="cat@hospital.example"))
    with silenced():
        attendance_record(session=session, marks={seat.pk: E.ATTENDED}, by=admin_user)
    assert not SessionFeedback.objects.exists()
    other = EnrolmentFactory(session=session, person=StaffMemberFactory(email="dan@hospital.example"))
    attendance_record(session=session, marks={other.pk: E.ATTENDED}, by=admin_user)
    feedback = SessionFeedback.objects.get()
    link = f"/training/feedback/{feedback_token(feedback)}/"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        expired = Client().post(link, {"content_rating": "5", "trainer_rating": "5", "usefulness_rating": "5"})
    assert expired.status_code == 404
    assert "expired" in expired.content.decode()
    assert SessionFeedback.objects.get().answered_at is None
