"""Feedback on a session: when their attendance is recorded, attendees are asked by email for
ratings from 1 to 5 on the content, the trainer and the usefulness, and a comment, through a
one-use signed link (``core.tokens``, as staff surveys do) that works for ``FEEDBACK_DAYS``; no
sign-in. Nothing is mailed while notifications
are silenced; a person without an email address is asked nothing."""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import limits
from core.text import single_line
from core.tokens import row_id_from_token, row_token
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from training.models import Enrolment, Session, SessionFeedback
from training.models.sessions import FEEDBACK_DAYS, FEEDBACK_PARTS, RATING

FEEDBACK_SALT = "training.session-feedback"
FEEDBACK_AGE = datetime.timedelta(days=FEEDBACK_DAYS)


def feedback_token(feedback: SessionFeedback) -> str:
    return row_token(feedback.pk, salt=FEEDBACK_SALT, key="feedback")


def feedback_from_token(token: str) -> SessionFeedback | None:
    """The feedback a link stands for; None when the link does not verify, has expired or is gone."""
    pk = row_id_from_token(token, salt=FEEDBACK_SALT, key="feedback", max_age=FEEDBACK_AGE.total_seconds())
    if pk is None:
        return None
    return (
        SessionFeedback.objects.select_related("enrolment__session__course", "enrolment__person").filter(pk=pk).first()
    )


# The link's path with a stand-in for the token: reversed once, not once per mail.
_STAND_IN = "STAND-IN"


def _email(feedback: SessionFeedback, session: Session, person_name: str, email: str, path: str) -> EmailMessage:
    link = settings.SITE_URL + path.replace(_STAND_IN, feedback_token(feedback))
    day = timezone.localtime(session.starts_at).strftime("%d %b %Y")
    body = (
        f"Dear {person_name},\n\n"
        f"Thank you for attending {session.course} on {day}. How was it? Three ratings from 1 to 5 "
        f"(content, trainer, usefulness) and, if you like, a comment (no sign-in needed):\n\n{link}\n\n"
        f"The link is yours, works once and for {FEEDBACK_DAYS} days.\n"
    )
    return EmailMessage(subject=single_line(f"Your feedback: {session.course}, {day}", 200), body=body, to=[email])


def feedback_request(*, enrolments: Iterable[Enrolment], now: datetime.datetime | None = None) -> int:
    """Ask each attendee not asked yet for feedback on their session (one row each, one mail
    each), across any number of sessions at once. Returns the mails queued."""
    if notifications_silenced():
        return 0
    now = now or timezone.now()
    ids = [e.pk for e in enrolments]
    asked = set(SessionFeedback.objects.filter(enrolment__in=ids).values_list("enrolment_id", flat=True))
    people = [
        e
        for e in Enrolment.objects.filter(pk__in=ids).select_related("person", "session__course").order_by("pk")
        if e.pk not in asked and e.person.email
    ]
    rows = SessionFeedback.objects.bulk_create(
        [SessionFeedback(enrolment=e, requested_at=now) for e in people], batch_size=2000
    )
    path = reverse("training:session_feedback", args=[_STAND_IN])
    messages = [
        _email(row, e.session, e.person.name, e.person.email, path) for row, e in zip(rows, people, strict=True)
    ]
    if messages:
        outbox_enqueue_many(messages=messages)
    return len(messages)


@transaction.atomic
def feedback_answer(
    *,
    feedback: SessionFeedback,
    ratings: Mapping[str, int],
    comment: str = "",
    now: datetime.datetime | None = None,
) -> SessionFeedback:
    """Record the answer of a link: a rating 1-5 for each part of ``FEEDBACK_PARTS`` and a
    comment; once, within ``FEEDBACK_DAYS`` of the request."""
    feedback = SessionFeedback.objects.select_for_update().get(pk=feedback.pk)
    now = now or timezone.now()
    if feedback.answered_at is not None:
        raise ValidationError("This link has been used: each link answers once.")
    if now > feedback.requested_at + FEEDBACK_AGE:
        raise ValidationError(f"This link has expired: feedback is taken for {FEEDBACK_DAYS} days.")
    problems = {
        field: f"Give a rating {RATING}."
        for field, _ in FEEDBACK_PARTS
        if not isinstance(ratings.get(field), int) or ratings[field] not in RATING
    }
    if problems:
        raise ValidationError(problems)
    limits.check_length("comment", comment, limits.NOTE_LENGTH)
    for field, _ in FEEDBACK_PARTS:
        setattr(feedback, field, ratings[field])
    feedback.comment, feedback.answered_at = comment.strip(), now
    feedback.save(update_fields=[*(field for field, _ in FEEDBACK_PARTS), "comment", "answered_at", "updated_at"])
    return feedback
