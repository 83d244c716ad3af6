"""Scheduling sessions, enrolling people with a waiting list, and recording attendance.

Seats are counted under a lock: every change to a session's roster (enrol, withdraw, a new
capacity) first locks the session's row (``SELECT ... FOR UPDATE``), so two enrolments at once
cannot both take the last seat; the second waits for the first to commit, counts again and
joins the waiting list. When a seat frees, the first person waiting (by ``enrolled_at``) takes
it in the same transaction. Whoever gets a seat gets an invitation with the session as an
iCalendar attachment (``training.services.session_invitations``), again when it moves, and a
cancellation when it is cancelled or they are taken off. Attendance records the course's
completion for those who attended through ``training.services.completions``, so coverage and
standings follow, and asks them for feedback (``training.services.session_feedback``)."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import StaffMember, User
from core.permissions import require
from training.models import Course, Enrolment, Session
from training.models.sessions import SEAT_HOLDING
from training.services.attendance import Mark, attendance_mark
from training.services.session_invitations import session_invite

SESSION_FIELDS = ("course", "starts_at", "ends_at", "location", "link", "trainer", "vendor_trainer", "capacity", "note")


def trainer_is_certified(person: StaffMember, day: datetime.date) -> bool:
    """Whether ``person`` holds an internal-trainer certification valid on ``day``."""
    return person.certifications.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        kind__internal_trainer=True,
        earned_on__lte=day,
    ).exists()


def _check_trainers(session: Session) -> None:
    course: Course = session.course
    if session.trainer_id:
        last_day = timezone.localtime(session.ends_at).date()
        if not trainer_is_certified(session.trainer, last_day):
            raise ValidationError(
                {
                    "trainer": f"{session.trainer} holds no internal-trainer certification valid on "
                    f"{last_day:%Y-%m-%d}: record one under Certifications, or choose another trainer."
                }
            )
    elif course.is_internal:
        raise ValidationError(
            {"trainer": "An internal course's session needs its trainer (a certified internal trainer)."}
        )
    if session.vendor_trainer_id and session.vendor_trainer.vendor_id != course.vendor_id:
        raise ValidationError({"vendor_trainer": "The vendor's trainer must be a contact of the course's vendor."})


def seats_taken(session: Session) -> int:
    return session.enrolments.filter(status__in=SEAT_HOLDING).count()


def _promote(session: Session, now: datetime.datetime) -> list[Enrolment]:
    """Give free seats to those waiting, first come first served (the session's row is locked)."""
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return []
    moved = list(session.enrolments.filter(status=Enrolment.Status.WAITING).order_by("enrolled_at", "pk")[:free])
    Enrolment.objects.filter(pk__in=[e.pk for e in moved]).update(status=Enrolment.Status.ENROLLED, updated_at=now)
    for enrolment in moved:
        enrolment.status = Enrolment.Status.ENROLLED
    session_invite(session=session, enrolments=moved, now=now)
    return moved


def _locked(session: Session) -> Session:
    # Only the session's row: enrolments on other sessions of the course go on meanwhile.
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


@transaction.atomic
def session_save(*, session: Session | None, data: Mapping[str, Any], by: User) -> Session:
    """Schedule a session (``session`` None) or change one; a larger capacity moves people up
    from the waiting list, a smaller one may not drop below the seats taken. Moving the start
    or end raises the invitations' sequence."""
    now = timezone.now()
    stored = _locked(session) if session else None
    if stored and stored.is_cancelled:
        raise ValidationError("This session is cancelled; schedule a new one.")
    target = stored or Session(created_by=by)
    moved = bool(stored) and (data["starts_at"] != stored.starts_at or data["ends_at"] != stored.ends_at)
    for name in SESSION_FIELDS:
        if name in data:
            setattr(target, name, data[name])
    require(by, "session.manage", target)
    if stored and target.course_id != stored.course_id:
        raise ValidationError({"course": "A session stays with its course."})
    if not target.location and not target.link:
        raise ValidationError({"location": "Give the room, the remote link, or both."})
    _check_trainers(target)
    if stored:
        taken = seats_taken(stored)
        if target.capacity < taken:
            raise ValidationError({"capacity": f"{taken} people hold seats: the capacity cannot be below that."})
    if moved:
        target.invitation_sequence += 1
    target.full_clean()
    target.save()
    if moved:
        session_invite(session=target, enrolments=target.enrolments.filter(status=Enrolment.Status.ENROLLED), now=now)
    if stored:
        _promote(target, now)
    return target


@transaction.atomic
def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a session that has not started."""
    session = _locked(session)
    require(by, "session.manage", session)
    if session.is_cancelled:
        raise ValidationError("This session is already cancelled.")
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has started: record its attendance instead.")
    session.status = Session.Status.CANCELLED
    session.invitation_sequence += 1
    session.save(update_fields=["status", "invitation_sequence", "updated_at"])
    invited = session.enrolments.filter(status=Enrolment.Status.ENROLLED, invited_sequence__isnull=False)
    session_invite(session=session, enrolments=invited, cancel=True)
    return session


@transaction.atomic
def session_enrol(*, session: Session, person: StaffMember, by: User) -> Enrolment:
    """Give ``person`` a seat, or a place on the waiting list when the session is full."""
    session = _locked(session)
    require(by, "session.enrol", session)
    now = timezone.now()
    if session.is_cancelled:
        raise ValidationError("This session is cancelled.")
    if session.starts_at <= now:
        raise ValidationError("This session has started: no more enrolments.")
    if not person.active:
        raise ValidationError({"person": f"{person} has left (inactive in the staff directory)."})
    enrolment = Enrolment.objects.filter(session=session, person=person).first()
    if enrolment and enrolment.status != Enrolment.Status.WITHDRAWN:
        where = "on the waiting list" if enrolment.status == Enrolment.Status.WAITING else "enrolled"
        raise ValidationError({"person": f"{person} is already {where}."})
    status = Enrolment.Status.ENROLLED if seats_taken(session) < session.capacity else Enrolment.Status.WAITING
    enrolment = enrolment or Enrolment(session=session, person=person)
    enrolment.status, enrolment.enrolled_at = status, now
    enrolment.save()
    if status == Enrolment.Status.ENROLLED:
        session_invite(session=session, enrolments=[enrolment], now=now)
    return enrolment


@transaction.atomic
def session_withdraw(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Take a person off a session (or its waiting list) before it starts; their seat goes to
    the first person waiting."""
    session = _locked(enrolment.session)
    require(by, "session.enrol", session)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has started: record the person as excused instead.")
    if enrolment.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING):
        raise ValidationError("This person is not on the session.")
    had_invitation = enrolment.status == Enrolment.Status.ENROLLED and enrolment.invited_sequence is not None
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    if had_invitation:
        session_invite(session=session, enrolments=[enrolment], cancel=True)
    _promote(session, timezone.now())
    return enrolment


def attendance_record(
    *, session: Session, marks: Mapping[int, str], by: User, quiz_scores: Mapping[int, int | None] | None = None
) -> dict[str, int]:
    """Mark the session's enrolments (by id) attended, no-show or excused, with the quiz scores
    given, all or none (``training.services.attendance``). Returns the count per status given."""
    scores = quiz_scores or {}
    return attendance_mark(
        marks=[Mark(enrolment=pk, status=status, quiz_score=scores.get(pk)) for pk, status in marks.items()],
        by=by,
        session=session,
        label=lambda index, mark: str(mark.enrolment),
    )
