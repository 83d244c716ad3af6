"""Training effectiveness per course, over a chosen period: how many seats were attended, the
mean feedback on each part, the quiz pass rate, and whether trained staff file fewer tickets.

The ticket rate compares, for each course, the people of the staff directory who sign in (a
ticket's reporter is a user; only those linked to a person count) and are in the course's
audience: each person-month is "trained" from the day they first completed the course, "not yet
trained" before; their tickets on the course's components count on the same side. Rates are
tickets per person-month (30.44 days). Everything is computed set-wise: one query for the
sessions' figures of every course, one for the ticket rates, whatever the number of rows."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet

from accounts.models import StaffMember
from tickets.models import Ticket
from training.models import Completion, Course, Enrolment, Session
from training.models.sessions import SEAT_HOLDING

DAYS_A_MONTH = 30.44
EXPLANATION = (
    "The ticket rate counts the tickets that staff-directory people file on the course's components "
    "per person-month, split by whether the person had completed the course by then: a lower rate "
    "after training suggests the course works."
)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (in the hospital's time zone)."""

    start: datetime.date
    end: datetime.date

    @property
    def after(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)


@dataclass(frozen=True)
class TicketRates:
    trained_tickets: int
    trained_months: float
    untrained_tickets: int
    untrained_months: float

    @staticmethod
    def _rate(tickets: int, months: float) -> float | None:
        return tickets / months if months else None

    @property
    def trained(self) -> float | None:
        return self._rate(self.trained_tickets, self.trained_months)

    @property
    def untrained(self) -> float | None:
        return self._rate(self.untrained_tickets, self.untrained_months)


@dataclass(frozen=True)
class Effectiveness:
    course: Course
    sessions: int
    seats: int
    attended: int
    answers: int
    content: float | None
    trainer: float | None
    usefulness: float | None
    quiz_taken: int
    quiz_passed: int
    tickets: TicketRates | None  # None: the course covers no component

    @property
    def attendance_rate(self) -> float | None:
        """The share of seats attended, in percent."""
        return 100 * self.attended / self.seats if self.seats else None

    @property
    def quiz_pass_rate(self) -> float | None:
        """The share of quiz scores at or above the pass mark, in percent."""
        return 100 * self.quiz_passed / self.quiz_taken if self.quiz_taken else None


def _held(period: Period, prefix: str = "sessions__") -> Q:
    return Q(
        **{
            f"{prefix}status": Session.Status.SCHEDULED,
            f"{prefix}starts_at__date__gte": period.start,
            f"{prefix}starts_at__date__lte": period.end,
        }
    )


def _figures(courses: QuerySet[Course], period: Period) -> QuerySet[Course]:
    held = _held(period)
    seat = held & Q(sessions__enrolments__status__in=SEAT_HOLDING)
    attended = held & Q(sessions__enrolments__status=Enrolment.Status.ATTENDED)
    answered = attended & Q(sessions__enrolments__feedback__answered_at__isnull=False)
    scored = attended & Q(sessions__enrolments__quiz_score__isnull=False)
    ratings = "sessions__enrolments__feedback__"
    return (
        courses.select_related("vendor")
        .annotate(
            held_sessions=Count("sessions", filter=held, distinct=True),
            seats=Count("sessions__enrolments", filter=seat),
            attended_seats=Count("sessions__enrolments", filter=attended),
            answers=Count("sessions__enrolments__feedback", filter=answered),
            content=Avg(f"{ratings}content_rating", filter=answered),
            trainer=Avg(f"{ratings}trainer_rating", filter=answered),
            usefulness=Avg(f"{ratings}usefulness_rating", filter=answered),
            quiz_taken=Count("sessions__enrolments", filter=scored),
            quiz_passed=Count(
                "sessions__enrolments", filter=scored & Q(sessions__enrolments__quiz_score__gte=F("quiz_pass_mark"))
            ),
        )
        .order_by("title", "pk")
    )


_TICKET_SQL = """
WITH course AS (
    SELECT id, audience FROM {course} WHERE id = ANY(%(courses)s)
), covered AS (
    SELECT course_id, component_id FROM {components} WHERE course_id = ANY(%(courses)s)
), person AS (
    SELECT c.id AS course_id, s.user_id,
           GREATEST(%(start)s::date, COALESCE(s.start_date, %(start)s::date)) AS since,
           (SELECT min(k.completed_on) FROM {completion} k
             WHERE k.person_id = s.id AND k.course_id = c.id) AS trained_on
      FROM course c
      JOIN {staff} s ON s.user_id IS NOT NULL AND s.active
                    AND (cardinality(c.audience) = 0 OR s.profession = ANY(c.audience))
     WHERE c.id IN (SELECT course_id FROM covered)
), exposure AS (
    SELECT course_id,
           sum(GREATEST(0, LEAST(%(after)s::date, COALESCE(trained_on, %(after)s::date)) - since)) AS untrained_days,
           sum(GREATEST(0, %(after)s::date - GREATEST(since, COALESCE(trained_on, %(after)s::date)))) AS trained_days
      FROM person GROUP BY course_id
), filed AS (
    SELECT p.course_id,
           count(*) FILTER (WHERE p.trained_on <= (t.opened_at AT TIME ZONE %(zone)s)::date) AS trained_tickets,
           count(*) FILTER (WHERE p.trained_on IS NULL
                             OR p.trained_on > (t.opened_at AT TIME ZONE %(zone)s)::date) AS untrained_tickets
      FROM person p
      JOIN {ticket} t ON t.reporter_id = p.user_id
      JOIN covered v ON v.course_id = p.course_id AND v.component_id = t.component_id
     WHERE (t.opened_at AT TIME ZONE %(zone)s)::date >= p.since
       AND (t.opened_at AT TIME ZONE %(zone)s)::date < %(after)s::date
     GROUP BY p.course_id
)
SELECT c.course_id, COALESCE(f.trained_tickets, 0), COALESCE(e.trained_days, 0),
       COALESCE(f.untrained_tickets, 0), COALESCE(e.untrained_days, 0)
  FROM (SELECT DISTINCT course_id FROM covered) c
  LEFT JOIN exposure e ON e.course_id = c.course_id
  LEFT JOIN filed f ON f.course_id = c.course_id
"""


def ticket_rates(course_ids: list[int], period: Period) -> dict[int, TicketRates]:
    """Per course covering components: the tickets and person-months of trained and not yet
    trained people in ``period`` (one query for all the courses)."""
    if not course_ids:
        return {}
    sql = _TICKET_SQL.format(
        course=Course._meta.db_table,
        components=Course.components.through._meta.db_table,
        completion=Completion._meta.db_table,
        staff=StaffMember._meta.db_table,
        ticket=Ticket._meta.db_table,
    )
    params = {
        "courses": course_ids,
        "start": period.start,
        "after": period.after,
        "zone": settings.TIME_ZONE,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        course: TicketRates(
            trained_tickets=trained,
            trained_months=float(trained_days) / DAYS_A_MONTH,
            untrained_tickets=untrained,
            untrained_months=float(untrained_days) / DAYS_A_MONTH,
        )
        for course, trained, trained_days, untrained, untrained_days in rows
    }


def effectiveness(courses: QuerySet[Course], period: Period) -> list[Effectiveness]:
    """The effectiveness of each course of ``courses`` (already scoped and filtered) in ``period``:
    two queries, whatever the number of courses, sessions, people and tickets."""
    rows = list(_figures(courses, period))
    rates = ticket_rates([course.pk for course in rows], period)
    return [
        Effectiveness(
            course=course,
            sessions=course.held_sessions,
            seats=course.seats,
            attended=course.attended_seats,
            answers=course.answers,
            content=course.content,
            trainer=course.trainer,
            usefulness=course.usefulness,
            quiz_taken=course.quiz_taken,
            quiz_passed=course.quiz_passed,
            tickets=rates.get(course.pk),
        )
        for course in rows
    ]
