import datetime

from django.db.models import Count, Q, QuerySet

from training.models import Enrolment, Session
from training.models.sessions import SEAT_HOLDING


def session_list() -> QuerySet[Session]:
    """Sessions with their course, trainers, and seats taken and people waiting."""
    return Session.objects.select_related("course", "course__vendor", "trainer", "vendor_trainer").annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING)),
        waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITING)),
    )


def upcoming(sessions: QuerySet[Session], *, now: datetime.datetime) -> QuerySet[Session]:
    return sessions.filter(ends_at__gt=now)


def past(sessions: QuerySet[Session], *, now: datetime.datetime) -> QuerySet[Session]:
    return sessions.filter(ends_at__lte=now)


def session_roster(session: Session) -> QuerySet[Enrolment]:
    """Everyone on the session (names and professions: all a vendor may see), in order of enrolment."""
    return session.enrolments.select_related("person").only(
        "pk", "status", "enrolled_at", "session_id", "person__name", "person__profession"
    )


def enrolment_list() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("person", "session", "session__course")
