"""A session's page, shared by the hospital UI and the portal: when, where and by whom, seats
taken and free, who holds a seat (names and professions only: all a vendor may see of the
hospital's staff), the waiting list in order, and the attendance form once it has started for
those who may record it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from core.forms import add_service_errors
from core.permissions import can
from training.forms.sessions import AttendanceForm, EnrolForm
from training.models import Enrolment, Session
from training.models.sessions import SEAT_HOLDING
from training.selectors.sessions import session_roster
from training.services.sessions import attendance_record


def _seats(session: Session) -> list[Enrolment]:
    return [e for e in session_roster(session) if e.status in SEAT_HOLDING]


def session_context(
    session: Session,
    user: User,
    *,
    enrol_form: EnrolForm | None = None,
    attendance_form: AttendanceForm | None = None,
) -> dict[str, Any]:
    now = timezone.now()
    roster = list(session_roster(session))
    seats = [e for e in roster if e.status in SEAT_HOLDING]
    waiting = [e for e in roster if e.status == Enrolment.Status.WAITING]
    scheduled = not session.is_cancelled
    started = session.starts_at <= now
    may_enrol = scheduled and not started and can(user, "session.enrol", session)
    may_record = scheduled and started and bool(seats) and can(user, "session.attendance", session)
    return {
        "session": session,
        "seats": seats,
        "waiting": waiting,
        "seats_taken": len(seats),
        "seats_free": max(session.capacity - len(seats), 0),
        "started": started,
        "may_enrol": may_enrol,
        "may_cancel": scheduled and not started and can(user, "session.manage", session),
        "enrol_form": (enrol_form or EnrolForm(user=user)) if may_enrol else None,
        "attendance_form": (attendance_form or AttendanceForm(enrolments=seats, quiz=session.course.has_quiz))
        if may_record
        else None,
    }


def run_attendance(request: HttpRequest, session: Session) -> AttendanceForm | None:
    """Handle the attendance form's POST: None once recorded, else the form with its errors."""
    form = AttendanceForm(request.POST, enrolments=_seats(session), quiz=session.course.has_quiz)
    if form.is_valid():
        try:
            counts = attendance_record(
                session=session, marks=form.marks(), quiz_scores=form.quiz_scores(), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            summary = ", ".join(f"{count} {Enrolment.Status(status).label.lower()}" for status, count in counts.items())
            messages.success(request, f"Attendance recorded: {summary}.")
            return None
    return form
