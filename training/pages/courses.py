"""A course's page, shared by the hospital UI and the portal: what it covers, its materials, its
upcoming sessions, who completed it (names and professions only: all a vendor may see of the hospital's staff), and the
material form for those who may keep the course."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.permissions import can
from training.forms.courses import MaterialForm
from training.models import Completion, Course
from training.selectors.courses import course_materials
from training.selectors.sessions import course_feedback, session_list, upcoming

RECENT_COMPLETIONS = 50
UPCOMING_SESSIONS = 10


def course_attendees(course: Course) -> QuerySet[Completion]:
    return course.completions.select_related("person").only(
        "pk", "completed_on", "course_id", "person__name", "person__profession"
    )


def course_context(course: Course, user: User, *, material_form: MaterialForm | None = None) -> dict[str, Any]:
    may_keep = can(user, "course.manage", course if course.vendor_id else None)
    attendees = course_attendees(course)
    return {
        "course": course,
        "materials": course_materials(course),
        "components": course.components.order_by("name"),
        "prerequisites": course.prerequisites.order_by("title"),
        "attendees": attendees[:RECENT_COMPLETIONS],
        "attendee_count": attendees.count(),
        "upcoming_sessions": upcoming(session_list().filter(course=course), now=timezone.now())[:UPCOMING_SESSIONS],
        "feedback": course_feedback(course),
        "may_keep": may_keep,
        "material_form": (material_form or MaterialForm(user=user)) if may_keep else None,
    }
