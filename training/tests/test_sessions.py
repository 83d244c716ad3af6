"""Sessions: seats and the waiting list (moving up when a seat frees, no double booking under
concurrency), the trainer's certification, attendance recording the course's completion (and
taking it back), and the rules on cancelled and started sessions."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Enrolment, LatestCompletion, Session, Source
from training.services.sessions import (
    attendance_record,
    session_cancel,
    session_enrol,
    session_save,
    session_withdraw,
)
from training.tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    CourseFactory,
    EnrolmentFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

E = Enrolment.Status
HOUR = datetime.timedelta(hours=1)


def statuses(session: Session) -> dict[str, str]:
    return {e.person.name: e.status for e in session.enrolments.select_related("person")}


def test_seats_then_the_waiting_list_which_moves_up_in_order(admin_user) -> None:
    session = SessionFactory(capacity=2)
    ann, ben, cat, dan = (StaffMemberFactory(name=n) for n in ("Ann", "Ben", "Cat", "Dan"))
    for person in (ann, ben, cat, dan):
        session_enrol(session=session, person=person, by=admin_user)
    assert statuses(session) == {"Ann": E.ENROLLED, "Ben": E.ENROLLED, "Cat": E.WAITING, "Dan": E.WAITING}
    session_withdraw(enrolment=Enrolment.objects.get(person=ann), by=admin_user)
    assert statuses(session) == {"Ann": E.WITHDRAWN, "Ben": E.ENROLLED, "Cat": E.ENROLLED, "Dan": E.WAITING}
    # Someone waiting who leaves the list frees no seat.
    session_withdraw(enrolment=Enrolment.objects.get(person=dan), by=admin_user)
    assert statuses(session)["Dan"] == E.WITHDRAWN
    # Back again: at the end of the list; a larger capacity moves them up.
    session_enrol(session=session, person=ann, by=admin_user)
    assert statuses(session)["Ann"] == E.WAITING
    data = {f: getattr(session, f) for f in ("course", "starts_at", "ends_at", "location", "capacity")}
    session_save(session=session, data={**data, "capacity": 3}, by=admin_user)
    assert statuses(session)["Ann"] == E.ENROLLED
    with pytest.raises(ValidationError) as error:
        session_save(session=session, data={**data, "capacity": 1}, by=admin_user)
    assert error.value.message_dict["capacity"] == ["3 people hold seats: the capacity cannot be below that."]
    with pytest.raises(ValidationError, match="already enrolled"):
        session_enrol(session=session, person=ann, by=admin_user)


@pytest.mark.django_db(transaction=True)
def test_two_enrolments_at_once_never_take_the_same_last_seat(admin_user) -> None:
    session = SessionFactory(capacity=1)
    people = [StaffMemberFactory(), StaffMemberFactory()]
    barrier = threading.Barrier(len(people))
    errors: list[Exception] = []

    def enrol(person) -> None:
        try:
            barrier.wait(timeout=10)
            session_enrol(session=session, person=person, by=admin_user)
        except Exception as error:  # noqa: BLE001 (reported below, in the test's thread)
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(session.enrolments.values_list("status", flat=True)) == [E.ENROLLED, E.WAITING]


def test_an_internal_course_needs_a_certified_trainer(admin_user) -> None:
    course = CourseFactory(vendor=None, delivery="internal")
    trainer = StaffMemberFactory(name="Ines Trainer")
    start = timezone.now() + datetime.timedelta(days=3)
    data = {"course": course, "starts_at": start, "ends_at": start + HOUR, "location": "Room 1", "capacity": 8}
    with pytest.raises(ValidationError) as error:
        session_save(session=None, data=data, by=admin_user)
    assert "needs its trainer" in error.value.message_dict["trainer"][0]
    with pytest.raises(ValidationError) as error:
        session_save(session=None, data={**data, "trainer": trainer}, by=admin_user)
    assert "Ines Trainer holds no internal-trainer certification" in error.value.message_dict["trainer"][0]
    kind = CertificationKindFactory(vendor=None, internal_trainer=True, validity_months=12)
    expired = CertificationFactory(
        person=trainer, kind=kind, earned_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    with pytest.raises(ValidationError):
        session_save(session=None, data={**data, "trainer": trainer}, by=admin_user)
    expired.delete()
    CertificationFactory(person=trainer, kind=kind, earned_on=timezone.localdate() - datetime.timedelta(days=30))
    saved = session_save(session=None, data={**data, "trainer": trainer}, by=admin_user)
    assert Session.objects.get(pk=saved.pk).trainer == trainer
    assert Session.objects.count() == 1


def test_a_vendor_trainer_is_a_contact_of_the_course_vendor_and_a_place_is_needed(admin_user) -> None:
    from vendors.tests.factories import ContactFactory

    session = SessionFactory()
    data = {f: getattr(session, f) for f in ("course", "starts_at", "ends_at", "location", "capacity")}
    with pytest.raises(ValidationError) as error:
        session_save(session=session, data={**data, "vendor_trainer": ContactFactory()}, by=admin_user)
    assert "vendor_trainer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        session_save(session=session, data={**data, "location": ""}, by=admin_user)
    assert "location" in error.value.message_dict
    own = ContactFactory(vendor=session.course.vendor)
    session_save(session=session, data={**data, "vendor_trainer": own}, by=admin_user)
    assert Session.objects.get(pk=session.pk).vendor_trainer == own


def test_moving_a_session_raises_the_sequence_cancelling_it_stops_enrolment(admin_user) -> None:
    session = SessionFactory()
    data = {f: getattr(session, f) for f in ("course", "starts_at", "ends_at", "location", "capacity")}
    session_save(session=session, data={**data, "location": "Room 9"}, by=admin_user)
    assert Session.objects.get(pk=session.pk).invitation_sequence == 0
    later = {**data, "starts_at": data["starts_at"] + HOUR, "ends_at": data["ends_at"] + HOUR}
    session_save(session=session, data=later, by=admin_user)
    assert Session.objects.get(pk=session.pk).invitation_sequence == 1
    session_cancel(session=session, by=admin_user)
    stored = Session.objects.get(pk=session.pk)
    assert (stored.status, stored.invitation_sequence) == (Session.Status.CANCELLED, 2)
    with pytest.raises(ValidationError, match="cancelled"):
        session_enrol(session=session, person=StaffMemberFactory(), by=admin_user)


def test_attendance_completes_the_course_and_a_correction_takes_it_back(admin_user) -> None:
    session = SessionFactory(capacity=3)
    ann, ben, cat = (StaffMemberFactory(name=n) for n in ("Ann", "Ben", "Cat"))
    rows = {p.name: session_enrol(session=session, person=p, by=admin_user) for p in (ann, ben, cat)}
    marks = {rows["Ann"].pk: E.ATTENDED, rows["Ben"].pk: E.NO_SHOW, rows["Cat"].pk: E.EXCUSED}
    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_record(session=session, marks=marks, by=admin_user)
    with time_machine.travel(session.starts_at + HOUR, tick=False):
        assert attendance_record(session=session, marks=marks, by=admin_user) == {
            E.ATTENDED: 1,
            E.NO_SHOW: 1,
            E.EXCUSED: 1,
        }
        with pytest.raises(ValidationError, match="started"):
            session_withdraw(enrolment=rows["Ben"], by=admin_user)
    assert statuses(session) == {"Ann": E.ATTENDED, "Ben": E.NO_SHOW, "Cat": E.EXCUSED}
    completion = Completion.objects.get(course=session.course)
    assert (completion.person, completion.completed_on, completion.source) == (ann, session.day, Source.SESSION)
    assert LatestCompletion.objects.filter(person=ann, course=session.course, completed_on=session.day).exists()
    # Corrected: Ann was not there after all, Ben was.
    with time_machine.travel(session.starts_at + HOUR, tick=False):
        attendance_record(session=session, marks={rows["Ann"].pk: E.EXCUSED, rows["Ben"].pk: E.ATTENDED}, by=admin_user)
    assert list(Completion.objects.filter(course=session.course).values_list("person__name", flat=True)) == ["Ben"]
    assert not LatestCompletion.objects.filter(person=ann).exists()


def test_bad_attendance_is_refused_whole_and_other_roles_and_vendors_are_refused(
    admin_user, staff_user, vendor_user
) -> None:
    session = SessionFactory(starts_at=timezone.now() - 2 * HOUR, ends_at=timezone.now() - HOUR)
    seat = EnrolmentFactory(session=session)
    waiting = EnrolmentFactory(session=session, status=E.WAITING)
    with pytest.raises(ValidationError) as error:
        attendance_record(session=session, marks={seat.pk: E.ATTENDED, waiting.pk: E.ATTENDED}, by=admin_user)
    assert error.value.message_dict["attendance"] == [f"{waiting.pk}: not a seat on this session."]
    with pytest.raises(ValidationError):
        attendance_record(session=session, marks={seat.pk: E.ENROLLED}, by=admin_user)
    assert Enrolment.objects.get(pk=seat.pk).status == E.ENROLLED
    assert not Completion.objects.exists()
    with pytest.raises(PermissionDenied):
        attendance_record(session=session, marks={seat.pk: E.ATTENDED}, by=staff_user)
    with pytest.raises(PermissionDenied):  # another vendor's course
        attendance_record(session=session, marks={seat.pk: E.ATTENDED}, by=vendor_user)
    own = SessionFactory(
        course=CourseFactory(vendor=vendor_user.vendor), starts_at=session.starts_at, ends_at=session.ends_at
    )
    mine = EnrolmentFactory(session=own)
    attendance_record(session=own, marks={mine.pk: E.ATTENDED}, by=vendor_user)
    assert Completion.objects.get().person == mine.person
    with pytest.raises(PermissionDenied):
        session_enrol(session=SessionFactory(), person=StaffMemberFactory(), by=vendor_user)
