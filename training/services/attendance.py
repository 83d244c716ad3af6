"""Recording attendance and quiz scores, for one session (its page, the portal) or for many rows
of many sessions in one request (the API's bulk attendance): all or nothing, every bad row
named. Set-wise: the sessions concerned are locked in one query (in id order, so two batches
cannot deadlock), the enrolments read in one, written in one; the completions of those who
attended are stored in one batch, those no longer attending lose theirs in one delete, and the
new attendees are asked for feedback in one go (``training.services.session_feedback``).

A quiz score (0-100) is an attendee's, on a course that ends with a quiz; each row states the
score it leaves (none clears it), and a person no longer attending loses theirs."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import can, denial, require
from training.models import Enrolment, Session
from training.models.sessions import ATTENDANCE, SEAT_HOLDING
from training.services.completions import attendance_completions_record, attendance_completions_withdraw
from training.services.session_feedback import feedback_request

ACTION = "session.attendance"
# The most rows one bulk request takes.
BULK_ROWS = 5_000


@dataclass(frozen=True)
class Mark:
    """One row: the enrolment (by id), its attendance status and, optionally, the quiz score."""

    enrolment: int
    status: str
    quiz_score: int | None = None


def _problems(
    marks: Sequence[Mark],
    rows: dict[int, Enrolment],
    sessions: dict[int, Session],
    by: User,
    now: datetime.datetime,
    label: Callable[[int, Mark], str],
    missing: str,
) -> list[str]:
    problems: list[str] = []
    seen: set[int] = set()
    for index, mark in enumerate(marks):
        found: list[str] = []
        enrolment = rows.get(mark.enrolment)
        session = sessions.get(enrolment.session_id) if enrolment else None
        if mark.enrolment in seen:
            found.append("given twice.")
        seen.add(mark.enrolment)
        if enrolment is None or session is None or not can(by, ACTION, session):
            found.append(missing)
            session = None  # nothing more is said of a seat the user may not record
        elif session.is_cancelled:
            found.append("its session is cancelled.")
        elif session.starts_at > now:
            found.append("attendance is recorded once the session has started.")
        if mark.status not in ATTENDANCE:
            found.append(f"“{mark.status}” is not attended, no_show or excused.")
        if mark.quiz_score is not None:
            if mark.quiz_score not in limits.PERCENT:
                found.append(f"the quiz score is {limits.PERCENT}.")
            if mark.status != Enrolment.Status.ATTENDED:
                found.append("only an attendee has a quiz score.")
            if session is not None and not session.course.has_quiz:
                found.append("the course has no quiz.")
        problems += [f"{label(index, mark)}: {problem}" for problem in found]
    return problems


def _update(marks: Sequence[Mark], now: datetime.datetime) -> None:
    """Every row's status and quiz score in one statement (Django's ``bulk_update`` builds a
    CASE per row, too slow for thousands)."""
    table = Enrolment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS e SET status = v.status, quiz_score = v.quiz_score, updated_at = %s "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::text[], %s::smallint[]) AS v(id, status, quiz_score) WHERE e.id = v.id",
            [now, [m.enrolment for m in marks], [m.status for m in marks], [m.quiz_score for m in marks]],
        )


@transaction.atomic
def attendance_mark(
    *,
    marks: Sequence[Mark],
    by: User,
    session: Session | None = None,
    key: str = "attendance",
    label: Callable[[int, Mark], str] = lambda index, mark: f"Item {index} (enrolment {mark.enrolment})",
) -> dict[str, int]:
    """Mark enrolments attended, no-show or excused (with quiz scores), all or none; with
    ``session``, only that session's. Those attending complete the course on the session's day;
    one no longer attending loses the completion the session gave. Returns the count per status."""
    if session is not None:
        require(by, ACTION, session)
    elif not can(by, ACTION):
        raise PermissionDenied(denial(ACTION))
    now = timezone.now()
    enrolments = Enrolment.objects.filter(pk__in={mark.enrolment for mark in marks}, status__in=SEAT_HOLDING)
    if session is not None:
        enrolments = enrolments.filter(session=session)
    session_ids = set(enrolments.values_list("session_id", flat=True))
    sessions = {
        s.pk: s
        for s in Session.objects.select_for_update(of=("self",))
        .select_related("course")
        .filter(pk__in=session_ids)
        .order_by("pk")
    }
    rows = {e.pk: e for e in enrolments.filter(session_id__in=list(sessions)).select_related("person")}
    missing = "not a seat on this session." if session is not None else "not a seat you may record."
    problems = _problems(marks, rows, sessions, by, now, label, missing)
    if problems:
        raise ValidationError({key: problems})
    counts: dict[str, int] = {}
    attended: set[tuple[int, int, datetime.date]] = set()
    lost: set[tuple[int, int, datetime.date]] = set()
    newly: list[Enrolment] = []
    for mark in marks:
        enrolment = rows[mark.enrolment]
        course_session = sessions[enrolment.session_id]
        enrolment.session = course_session
        triple = (enrolment.person_id, course_session.course_id, course_session.day)
        if mark.status == Enrolment.Status.ATTENDED:
            attended.add(triple)
            newly.append(enrolment)
        elif enrolment.status == Enrolment.Status.ATTENDED:
            lost.add(triple)
        enrolment.status, enrolment.quiz_score, enrolment.updated_at = mark.status, mark.quiz_score, now
        counts[mark.status] = counts.get(mark.status, 0) + 1
    _update(marks, now)
    if attended:
        courses = {s.course_id: s.course for s in sessions.values()}
        attendance_completions_record(triples=attended, courses=list(courses.values()), by=by)
        feedback_request(enrolments=newly, now=now)
    if lost:
        attendance_completions_withdraw(triples=lost)
    return counts
