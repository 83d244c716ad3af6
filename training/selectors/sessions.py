import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from training.models import Course, Enrolment, Session, SessionFeedback
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


@dataclass(frozen=True)
class FeedbackSummary:
    """The mean of each part of the answers (``None``: no rating of that part yet) and the answers."""

    content: float | None
    trainer: float | None
    usefulness: float | None
    count: int

    @property
    def mean(self) -> float | None:
        """The mean of the parts' means: the one figure a badge shows."""
        parts = [part for part in (self.content, self.trainer, self.usefulness) if part is not None]
        return sum(parts) / len(parts) if parts else None

    def parts(self) -> list[tuple[str, float | None]]:
        return [("Content", self.content), ("Trainer", self.trainer), ("Usefulness", self.usefulness)]


FEEDBACK_MEANS = {
    "content": Avg("content_rating"),
    "trainer": Avg("trainer_rating"),
    "usefulness": Avg("usefulness_rating"),
    "count": Count("pk"),
}


def course_feedback(course: Course) -> FeedbackSummary:
    """The mean rating of each part and the number of answers given on the course's sessions."""
    row = SessionFeedback.objects.filter(enrolment__session__course=course, answered_at__isnull=False).aggregate(
        **FEEDBACK_MEANS
    )
    return FeedbackSummary(**row)
