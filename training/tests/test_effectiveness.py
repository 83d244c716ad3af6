"""Training effectiveness over a period, computed by hand for one course: attendance rate, mean
feedback per part, quiz pass rate, and tickets per person-month of trained against not yet
trained staff on the course's components; in two queries however many courses; on the page,
in the portal (own courses only) and through the API."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory, UserFactory
from tickets.models import Ticket
from training.models import Completion, Course, Enrolment, Session, SessionFeedback
from training.selectors.effectiveness import DAYS_A_MONTH, Period, effectiveness
from training.tests.factories import CourseFactory, EnrolmentFactory, SessionFactory
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

E = Enrolment.Status
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
PERIOD = Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 6, 30))
QUERY = "start=2025-01-01&end=2025-06-30"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


def session_on(course: Course, day: datetime.date, **kwargs) -> Session:
    return SessionFactory(course=course, starts_at=at(day), ends_at=at(day, 12), **kwargs)


def seat(session: Session, status: str, *, score: int | None = None, ratings: tuple | None = None) -> Enrolment:
    enrolment = EnrolmentFactory(session=session, status=status, quiz_score=score)
    if ratings:
        content, trainer, usefulness = ratings
        SessionFeedback.objects.create(
            enrolment=enrolment,
            requested_at=session.ends_at,
            answered_at=session.ends_at,
            content_rating=content,
            trainer_rating=trainer,
            usefulness_rating=usefulness,
        )
    return enrolment


def ticket(vendor, component, reporter, day: datetime.date) -> None:
    Ticket.objects.create(
        vendor=vendor, component=component, reporter=reporter, severity="P3", title="Slow", opened_at=at(day)
    )


@pytest.fixture
def course(vendor) -> Course:
    """Held 10 Feb 2025: two attended (quiz 80 and 60, pass mark 70; feedback 4/5/3 and 2/3/5),
    one no-show; a cancelled session and one before the period do not count."""
    viewer, other = ComponentFactory(vendor=vendor), ComponentFactory(vendor=vendor)
    course = CourseFactory(vendor=vendor, title="Viewer basics", has_quiz=True, quiz_pass_mark=70)
    course.components.set([viewer])
    audience = [Profession.RADIOGRAPHER]
    course.audience = audience
    course.save()
    held = session_on(course, datetime.date(2025, 2, 10))
    seat(held, E.ATTENDED, score=80, ratings=(4, 5, 3))
    seat(held, E.ATTENDED, score=60, ratings=(2, 3, 5))
    seat(held, E.NO_SHOW)
    seat(session_on(course, datetime.date(2025, 3, 1), status=Session.Status.CANCELLED), E.ATTENDED, score=10)
    seat(session_on(course, datetime.date(2024, 12, 1)), E.ATTENDED, score=10, ratings=(1, 1, 1))
    # Tickets: Rita completed the course on 1 April; Sam never did; Dora is not in the audience.
    rita, sam, dora = UserFactory(), UserFactory(), UserFactory()
    rita_person = StaffMemberFactory(user=rita, start_date=None)
    StaffMemberFactory(user=sam, start_date=datetime.date(2020, 1, 1))
    StaffMemberFactory(user=dora, profession=Profession.RADIOLOGIST)
    Completion.objects.create(person=rita_person, course=course, completed_on=datetime.date(2025, 4, 1))
    ticket(vendor, viewer, rita, datetime.date(2025, 2, 15))  # before her training
    ticket(vendor, viewer, rita, datetime.date(2025, 5, 10))  # after
    ticket(vendor, viewer, rita, datetime.date(2025, 8, 1))  # after the period
    for day in (3, 4, 5):
        ticket(vendor, viewer, sam, datetime.date(2025, 3, day))
    ticket(vendor, other, sam, datetime.date(2025, 3, 6))  # another component
    ticket(vendor, viewer, dora, datetime.date(2025, 3, 7))  # not in the audience
    return course


def test_a_course_computed_by_hand(course, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        (row,) = effectiveness(Course.objects.all(), PERIOD)
    assert (row.sessions, row.seats, row.attended) == (1, 3, 2)
    assert row.attendance_rate == pytest.approx(200 / 3)
    assert (row.answers, row.content, row.trainer, row.usefulness) == (2, 3.0, 4.0, 4.0)
    assert (row.quiz_taken, row.quiz_passed, row.quiz_pass_rate) == (2, 1, 50.0)
    # Rita: 90 days not yet trained (1 Jan - 31 Mar), 91 trained (1 Apr - 30 Jun); Sam: 181 not yet.
    rates = row.tickets
    assert (rates.trained_tickets, rates.untrained_tickets) == (1, 4)
    assert rates.trained_months == pytest.approx(91 / DAYS_A_MONTH)
    assert rates.untrained_months == pytest.approx(271 / DAYS_A_MONTH)
    assert rates.trained == pytest.approx(1 / (91 / DAYS_A_MONTH))
    assert rates.untrained == pytest.approx(4 / (271 / DAYS_A_MONTH))


def test_the_queries_stay_flat_as_courses_grow(course, vendor, django_assert_num_queries) -> None:
    for n in range(6):
        more = CourseFactory(vendor=vendor, title=f"More {n}")
        more.components.set([ComponentFactory(vendor=vendor)])
        seat(session_on(more, datetime.date(2025, 3, 1)), E.ATTENDED, ratings=(5, 5, 5))
    with django_assert_num_queries(2):
        rows = effectiveness(Course.objects.all(), PERIOD)
    assert len(rows) == 7
    assert [row.usefulness for row in rows if row.course.title.startswith("More")] == [5.0] * 6


def test_the_page_the_portal_and_the_api(
    course, other_vendor, admin_client: Client, vendor_client: Client, vendor_api: APIClient
) -> None:
    theirs = CourseFactory(vendor=other_vendor, title="Their archive course")
    page = admin_client.get(f"/training/effectiveness/?{QUERY}").content.decode()
    assert "Viewer basics" in page
    assert "Their archive course" in page
    assert "67 %" in page
    assert "50 %" in page
    assert "per person-month" in page
    portal = vendor_client.get(f"/portal/training-effectiveness/?{QUERY}").content.decode()
    assert "Viewer basics" in portal
    assert theirs.title not in portal
    answer = vendor_api.get(f"/api/v1/training-effectiveness/?{QUERY}").json()
    assert [row["title"] for row in answer] == ["Viewer basics"]
    assert answer[0]["quiz_pass_rate"] == 50.0
    assert answer[0]["tickets"]["trained_tickets"] == 1
    bad = vendor_api.get("/api/v1/training-effectiveness/?start=2025-06-30&end=2025-01-01")
    assert bad.status_code == 400
    assert bad.json() == {"end": ["The period ends on or after its first day."]}
    assert admin_client.get("/training/effectiveness/?start=2025-06-30&end=2025-01-01").status_code == 400
