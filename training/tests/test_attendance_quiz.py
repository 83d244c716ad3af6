"""The quiz and bulk attendance: a course's pass mark, an attendee's quiz score recorded on the
session page (hospital and portal) and through the API; many sessions' attendance in one API
request, all or nothing with every bad row named, in a flat number of queries; and the
migration that turned the single feedback rating into the usefulness part."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import StaffMemberFactory
from notifications.models import OutboxEmail
from training.models import Completion, Enrolment, SessionFeedback
from training.services.sessions import attendance_record
from training.tests.factories import CourseFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

E = Enrolment.Status
HOUR = datetime.timedelta(hours=1)
BULK = "/api/v1/training-sessions/attendance/"


def held(**kwargs):
    now = timezone.now()
    return SessionFactory(starts_at=now - 3 * HOUR, ends_at=now - HOUR, **kwargs)


def test_quiz_scores_are_an_attendees_on_a_course_with_a_quiz(admin_user) -> None:
    session = held(course=CourseFactory(has_quiz=True, quiz_pass_mark=70))
    ann, ben = EnrolmentFactory(session=session), EnrolmentFactory(session=session)
    with pytest.raises(ValidationError) as error:
        attendance_record(
            session=session,
            marks={ann.pk: E.ATTENDED, ben.pk: E.NO_SHOW},
            quiz_scores={ann.pk: 101, ben.pk: 50},
            by=admin_user,
        )
    assert error.value.message_dict["attendance"] == [
        f"{ann.pk}: the quiz score is from 0 to 100.",
        f"{ben.pk}: only an attendee has a quiz score.",
    ]
    assert Enrolment.objects.get(pk=ann.pk).status == E.ENROLLED
    attendance_record(
        session=session, marks={ann.pk: E.ATTENDED, ben.pk: E.ATTENDED}, quiz_scores={ann.pk: 85}, by=admin_user
    )
    assert dict(Enrolment.objects.filter(session=session).values_list("pk", "quiz_score")) == {ann.pk: 85, ben.pk: None}
    # Corrected: Ann was not there after all; her score goes with her attendance.
    attendance_record(session=session, marks={ann.pk: E.EXCUSED}, by=admin_user)
    assert Enrolment.objects.get(pk=ann.pk).quiz_score is None
    plain = held()
    seat = EnrolmentFactory(session=plain)
    with pytest.raises(ValidationError, match="the course has no quiz"):
        attendance_record(session=plain, marks={seat.pk: E.ATTENDED}, quiz_scores={seat.pk: 90}, by=admin_user)


def test_the_vendors_trainer_records_quiz_scores_in_the_portal(vendor_client: Client, vendor) -> None:
    session = held(course=CourseFactory(vendor=vendor, has_quiz=True, quiz_pass_mark=75))
    ann = EnrolmentFactory(session=session, person=StaffMemberFactory(name="Ann Attendee"))
    ben = EnrolmentFactory(session=session, person=StaffMemberFactory(name="Ben Below"))
    page = vendor_client.get(f"/portal/sessions/{session.pk}/").content.decode()
    assert "Quiz score (pass 75)" in page
    url = f"/portal/sessions/{session.pk}/attendance/"
    bad = vendor_client.post(
        url, {f"status_{ann.pk}": "attended", f"quiz_{ann.pk}": "120", f"status_{ben.pk}": "attended"}
    )
    assert bad.status_code == 400
    assert "Ensure this value is less than or equal to 100." in bad.content.decode()
    assert Enrolment.objects.get(pk=ann.pk).status == E.ENROLLED
    done = vendor_client.post(
        url,
        {
            f"status_{ann.pk}": "attended",
            f"quiz_{ann.pk}": "90",
            f"status_{ben.pk}": "attended",
            f"quiz_{ben.pk}": "60",
        },
    )
    assert done.status_code == 302
    assert dict(Enrolment.objects.filter(session=session).values_list("person__name", "quiz_score")) == {
        "Ann Attendee": 90,
        "Ben Below": 60,
    }


def _roster(sessions: int, seats: int, **course) -> list[Enrolment]:
    rows = []
    for _ in range(sessions):
        session = held(course=CourseFactory(**course))
        rows += [
            EnrolmentFactory(session=session, person=StaffMemberFactory(email=f"p{n}-{session.pk}@hospital.example"))
            for n in range(seats)
        ]
    return rows


def test_bulk_attendance_of_many_sessions_in_one_request(
    vendor_api: APIClient, vendor, django_assert_max_num_queries
) -> None:
    small = _roster(2, 3, vendor=vendor, has_quiz=True)
    rows = [{"enrolment": e.pk, "status": "attended", "quiz_score": 80} for e in small]
    rows[-1] = {"enrolment": small[-1].pk, "status": "no_show"}
    with django_assert_max_num_queries(30) as small_run:
        response = vendor_api.post(BULK, {"attendance": rows}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"attended": 5, "no_show": 1, "excused": 0}
    assert Completion.objects.count() == 5
    assert SessionFeedback.objects.count() == 5
    assert OutboxEmail.objects.count() == 5
    assert Enrolment.objects.get(pk=small[0].pk).quiz_score == 80
    large = _roster(8, 10, vendor=vendor, has_quiz=True)
    rows = [{"enrolment": e.pk, "status": "attended", "quiz_score": 70} for e in large]
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        assert vendor_api.post(BULK, {"attendance": rows}, format="json").status_code == 200
    assert Completion.objects.count() == 85
    assert set(Enrolment.objects.filter(pk__in=[e.pk for e in large]).values_list("status", "quiz_score")) == {
        (E.ATTENDED, 70)
    }


def test_bulk_attendance_names_every_bad_row_and_stores_nothing(
    vendor_api: APIClient, staff_api: APIClient, vendor, other_vendor
) -> None:
    mine = _roster(1, 2, vendor=vendor)
    theirs = _roster(1, 1, vendor=other_vendor)
    future = EnrolmentFactory(session=SessionFactory(course=CourseFactory(vendor=vendor)))
    rows = [
        {"enrolment": mine[0].pk, "status": "attended"},
        {"enrolment": mine[1].pk, "status": "attended", "quiz_score": 50},
        {"enrolment": theirs[0].pk, "status": "attended"},
        {"enrolment": future.pk, "status": "attended"},
        {"enrolment": mine[0].pk, "status": "no_show"},
        {"enrolment": 999_999, "status": "excused"},
    ]
    response = vendor_api.post(BULK, {"attendance": rows}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "attendance": [
            f"Item 1 (enrolment {mine[1].pk}): the course has no quiz.",
            f"Item 2 (enrolment {theirs[0].pk}): not a seat you may record.",
            f"Item 3 (enrolment {future.pk}): attendance is recorded once the session has started.",
            f"Item 4 (enrolment {mine[0].pk}): given twice.",
            "Item 5 (enrolment 999999): not a seat you may record.",
        ]
    }
    assert set(Enrolment.objects.values_list("status", flat=True)) == {E.ENROLLED}
    assert not Completion.objects.exists()
    bad_field = vendor_api.post(BULK, {"attendance": [{"enrolment": mine[0].pk, "status": "enrolled"}]}, format="json")
    assert bad_field.status_code == 400
    assert bad_field.json() == {"attendance": {"0": {"status": ['"enrolled" is not a valid choice.']}}}
    assert staff_api.post(BULK, {"attendance": rows[:1]}, format="json").status_code == 403
    assert not Completion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_stored_rating_as_the_usefulness_part() -> None:
    before, after = ("training", "0006_knowledge_base"), ("training", "0007_feedback_quiz")
    session = held()
    enrolment = EnrolmentFactory(session=session, status=E.ATTENDED)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps
        old.get_model("training", "SessionFeedback").objects.create(
            enrolment_id=enrolment.pk, requested_at=timezone.now(), answered_at=timezone.now(), rating=4, comment="Good"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    stored = SessionFeedback.objects.get(enrolment=enrolment)
    assert (stored.usefulness_rating, stored.content_rating, stored.trainer_rating, stored.comment) == (
        4,
        None,
        None,
        "Good",
    )
