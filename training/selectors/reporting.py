"""What the monthly vendor report reads of training (``reports/sections/training.py``): the
vendor's sessions held in the month with their seats and attendance, the feedback given on
them, and the certifications the vendor issues that expire in a coming period."""

import datetime

from django.db.models import Count, Q, QuerySet

from training.models import Certification, Enrolment, Session, SessionFeedback
from training.models.sessions import SEAT_HOLDING
from training.selectors.certifications import certification_list
from training.selectors.sessions import FEEDBACK_MEANS, FeedbackSummary


def sessions_held(vendor_id: int, start: datetime.datetime, until: datetime.datetime) -> QuerySet[Session]:
    """The vendor's sessions, not cancelled, that started in [start, until), with ``seats`` and
    ``attended``, in order."""
    return (
        Session.objects.filter(
            course__vendor_id=vendor_id, status=Session.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=until
        )
        .select_related("course")
        .annotate(
            seats=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING)),
            attended=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ATTENDED)),
        )
        .order_by("starts_at", "pk")
    )


def sessions_feedback(vendor_id: int, start: datetime.datetime, until: datetime.datetime) -> FeedbackSummary:
    """The mean of each part of the answers given on those sessions."""
    row = SessionFeedback.objects.filter(
        answered_at__isnull=False,
        enrolment__session__course__vendor_id=vendor_id,
        enrolment__session__status=Session.Status.SCHEDULED,
        enrolment__session__starts_at__gte=start,
        enrolment__session__starts_at__lt=until,
    ).aggregate(**FEEDBACK_MEANS)
    return FeedbackSummary(**row)


def certifications_expiring(vendor_id: int, first: datetime.date, last: datetime.date) -> QuerySet[Certification]:
    """Certifications of the vendor's kinds, held by active people, whose last valid day falls
    from ``first`` to ``last``."""
    return (
        certification_list()
        .filter(kind__vendor_id=vendor_id, person__active=True, expires_on__gte=first, expires_on__lte=last)
        .order_by("expires_on", "person__name", "pk")
    )
