"""The training KPIs of one month computed by hand: coverage and overdue of the vendor's
mandatory courses on the month's last day, the mean of every feedback rating given on the
month's sessions, and the sessions held; stored per vendor by the hourly computation."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from kpis.models import KpiSample, Source
from kpis.services.computations import kpis_compute
from training.kpis import training_kpis
from training.models import Completion, Enrolment, Level, Session, SessionFeedback
from training.tests.factories import CourseFactory, EnrolmentFactory, RequirementFactory, SessionFactory
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo(settings.TIME_ZONE)
START = datetime.datetime(2026, 10, 1, tzinfo=ZONE)
END = datetime.datetime(2026, 11, 1, tzinfo=ZONE)
NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=ZONE)


def held(course, day: int, month: int = 10, **kwargs) -> Session:
    starts = datetime.datetime(2026, month, day, 9, tzinfo=ZONE)
    return SessionFactory(course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs)


def answer(session: Session, content, trainer, usefulness) -> None:
    # Attendees from outside the requirement's profession: coverage counts the four only.
    person = StaffMemberFactory(profession=Profession.RADIOLOGIST)
    enrolment = EnrolmentFactory(session=session, person=person, status=Enrolment.Status.ATTENDED)
    SessionFeedback.objects.create(
        enrolment=enrolment,
        requested_at=session.ends_at,
        answered_at=session.ends_at,
        content_rating=content,
        trainer_rating=trainer,
        usefulness_rating=usefulness,
    )


@pytest.fixture
def month(vendor):
    """Four radiographers must take the vendor's course (mandatory, within 30 days of starting in
    2020); two completed it. October's sessions: one with an answer 4/5/3 and an answer from
    before the three parts (usefulness 2 only), one without answers, one cancelled; a September
    session's answer (1/1/1) is another month's."""
    course = CourseFactory(vendor=vendor)
    RequirementFactory(course=course, level=Level.MANDATORY, due_within_days=30)
    people = [StaffMemberFactory() for _ in range(4)]
    for person in people[:2]:
        Completion.objects.create(person=person, course=course, completed_on=datetime.date(2026, 9, 1))
    first = held(course, 10)
    answer(first, 4, 5, 3)
    answer(first, None, None, 2)
    held(course, 20)
    held(course, 15, status=Session.Status.CANCELLED)
    answer(held(course, 20, month=9), 1, 1, 1)
    return course


def test_a_month_by_hand(month, vendor) -> None:
    other = VendorFactory()  # no course, no session: no values
    values = training_kpis([vendor.pk, other.pk], START, END, NOW)
    assert values == {
        vendor.pk: {
            "training_coverage": Decimal("50.00"),
            "training_overdue": Decimal(2),
            "session_feedback": Decimal("3.50"),  # (4 + 5 + 3 + 2) / 4 ratings given
            "vendor_sessions_delivered": Decimal(2),
        }
    }


def test_the_running_month_counts_sessions_up_to_now(month, vendor) -> None:
    early = datetime.datetime(2026, 10, 12, 12, tzinfo=ZONE)
    assert training_kpis([vendor.pk], START, END, early)[vendor.pk]["vendor_sessions_delivered"] == Decimal(1)


def test_the_hourly_computation_stores_them_per_vendor(month, vendor) -> None:
    kpis_compute(month=START.date(), now=NOW)
    stored = dict(
        KpiSample.objects.filter(vendor=vendor, source=Source.COMPUTED, kpi__code__in=["training_coverage"])
        .values_list("kpi__code", "value")
        .union(
            KpiSample.objects.filter(
                vendor=vendor,
                source=Source.COMPUTED,
                kpi__code__in=["training_overdue", "session_feedback", "vendor_sessions_delivered"],
            ).values_list("kpi__code", "value")
        )
    )
    assert stored == {
        "training_coverage": Decimal("50.00"),
        "training_overdue": Decimal(2),
        "session_feedback": Decimal("3.50"),
        "vendor_sessions_delivered": Decimal(2),
    }
