"""Sessions over the hospital UI, the portal and the API: scheduling with the trainer's error on
the form, enrolling onto seats and the waiting list, the session page's seats and waiting list,
attendance by the vendor's trainer in the portal and through the API, all scoped."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Enrolment, Session
from training.tests.factories import CourseFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

E = Enrolment.Status
HOUR = datetime.timedelta(hours=1)


def local(instant: datetime.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def test_scheduling_an_internal_session_without_a_certified_trainer_shows_the_error(admin_client: Client) -> None:
    course = CourseFactory(vendor=None, delivery="internal", title="Hanging protocols")
    trainer = StaffMemberFactory(name="Ines Trainer")
    start = timezone.now() + datetime.timedelta(days=5)
    response = admin_client.post(
        "/training/sessions/add/",
        {
            "course": course.pk,
            "starts_at": local(start),
            "ends_at": local(start + HOUR),
            "location": "Room 4",
            "trainer": trainer.pk,
            "capacity": 6,
        },
    )
    assert response.status_code == 200
    assert "Ines Trainer holds no internal-trainer certification" in response.content.decode()
    assert not Session.objects.exists()


def test_the_session_page_shows_seats_and_the_waiting_list_and_enrols(
    admin_client: Client, django_assert_max_num_queries
) -> None:
    session = SessionFactory(capacity=1)
    EnrolmentFactory(session=session, person=StaffMemberFactory(name="Ann Seat"))
    newcomer = StaffMemberFactory(name="Ben Waiting")
    response = admin_client.post(f"/training/sessions/{session.pk}/enrol/", {"person": newcomer.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(person=newcomer).status == E.WAITING
    with django_assert_max_num_queries(20):
        page = admin_client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "1 taken, 0 free" in page
    assert "Ann Seat" in page
    assert "Ben Waiting" in page
    assert "Add to the waiting list" in page
    again = admin_client.post(f"/training/sessions/{session.pk}/enrol/", {"person": newcomer.pk})
    assert again.status_code == 400
    assert "already on the waiting list" in again.content.decode()
    seat = Enrolment.objects.get(person__name="Ann Seat")
    admin_client.post(f"/training/sessions/{session.pk}/withdraw/{seat.pk}/")
    assert Enrolment.objects.get(person=newcomer).status == E.ENROLLED


def test_the_upcoming_list_and_the_course_page(admin_client: Client, django_assert_max_num_queries) -> None:
    course = CourseFactory(title="Viewer essentials")
    SessionFactory(course=course, location="Room Alpha")
    SessionFactory(
        course=course, location="Room Past", starts_at=timezone.now() - 3 * HOUR, ends_at=timezone.now() - HOUR
    )
    for _ in range(3):
        SessionFactory()
    with django_assert_max_num_queries(12):
        listed = admin_client.get("/training/sessions/", {"when": "upcoming", "course": course.pk}).content.decode()
    assert "Room Alpha" in listed
    assert "Room Past" not in listed
    page = admin_client.get(f"/training/courses/{course.pk}/").content.decode()
    assert "Room Alpha" in page
    assert f"/training/sessions/add/?course={course.pk}" in page


def test_the_vendors_trainer_records_attendance_in_the_portal(vendor_client: Client, vendor, other_vendor) -> None:
    now = timezone.now()
    session = SessionFactory(course=CourseFactory(vendor=vendor), capacity=2, starts_at=now - HOUR, ends_at=now)
    ann = EnrolmentFactory(session=session, person=StaffMemberFactory(name="Ann Attendee", staff_number="S-991"))
    ben = EnrolmentFactory(session=session, person=StaffMemberFactory(name="Ben Absent"))
    theirs = SessionFactory(course=CourseFactory(vendor=other_vendor), starts_at=now - HOUR, ends_at=now)
    internal = SessionFactory(course=CourseFactory(vendor=None, delivery="internal"))
    assert vendor_client.get(f"/portal/sessions/{theirs.pk}/").status_code == 404
    assert vendor_client.get(f"/portal/sessions/{internal.pk}/").status_code == 404
    listed = vendor_client.get("/portal/sessions/").content.decode()
    assert f"/portal/sessions/{session.pk}/" in listed
    assert f"/portal/sessions/{theirs.pk}/" not in listed
    page = vendor_client.get(f"/portal/sessions/{session.pk}/").content.decode()
    assert "Ann Attendee" in page
    assert "S-991" not in page  # names and professions only
    assert 'id="attendance"' in page
    response = vendor_client.post(
        f"/portal/sessions/{session.pk}/attendance/",
        {f"status_{ann.pk}": "attended", f"status_{ben.pk}": "no_show"},
    )
    assert response.status_code == 302
    assert vendor_client.post(f"/portal/sessions/{theirs.pk}/attendance/", {}).status_code == 404
    assert Enrolment.objects.get(pk=ben.pk).status == E.NO_SHOW
    assert list(Completion.objects.values_list("person__name", flat=True)) == ["Ann Attendee"]


def test_the_api_schedules_enrols_and_records_attendance(
    admin_api: APIClient, vendor_api: APIClient, vendor, other_vendor, django_assert_max_num_queries
) -> None:
    course = CourseFactory(vendor=vendor)
    start = timezone.now() + datetime.timedelta(days=2)
    created = admin_api.post(
        "/api/v1/training-sessions/",
        {
            "course": course.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + HOUR).isoformat(),
            "link": "https://meet.example.org/viewer",
            "capacity": 1,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    people = [StaffMemberFactory(), StaffMemberFactory()]
    for person in people:
        assert (
            admin_api.post(f"/api/v1/training-sessions/{pk}/enrol/", {"person": person.pk}, format="json").status_code
            == 201
        )
    detail = admin_api.get(f"/api/v1/training-sessions/{pk}/").json()
    assert (detail["seats_taken"], detail["waiting"]) == (1, 1)
    assert [row["status"] for row in detail["enrolments"]] == ["enrolled", "waiting"]
    shrink = admin_api.patch(f"/api/v1/training-sessions/{pk}/", {"capacity": 1, "location": ""}, format="json")
    assert shrink.status_code == 200
    assert (
        vendor_api.post(f"/api/v1/training-sessions/{pk}/enrol/", {"person": people[0].pk}, format="json").status_code
        == 403
    )
    SessionFactory(course=CourseFactory(vendor=other_vendor))
    for _ in range(3):
        SessionFactory(course=CourseFactory(vendor=vendor))
    with django_assert_max_num_queries(8):
        listed = vendor_api.get("/api/v1/training-sessions/").json()
    assert listed["count"] == 4
    seat = Enrolment.objects.get(person=people[0])
    with time_machine.travel(start + HOUR / 2, tick=False):
        bad = vendor_api.post(
            f"/api/v1/training-sessions/{pk}/attendance/",
            {"attendance": [{"enrolment": seat.pk, "status": "enrolled"}]},
            format="json",
        )
        assert bad.status_code == 400
        assert "status" in str(bad.json())
        done = vendor_api.post(
            f"/api/v1/training-sessions/{pk}/attendance/",
            {"attendance": [{"enrolment": seat.pk, "status": "attended"}]},
            format="json",
        )
    assert done.status_code == 200, done.json()
    assert Completion.objects.get().person == people[0]
