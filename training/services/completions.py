"""Recording completions: one by hand, or many at once (an e-learning platform's export, the
vendor through the API), all or nothing. People are named by staff number or email, the way
other systems know them; a vendor user records completions of their own vendor's courses only."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import StaffMember, User
from core import limits
from core.permissions import can, require
from training.models import Completion, Course, Source


class CompletionsInvalid(ValidationError):
    """Some rows of a batch are wrong: ``rows`` maps each bad row's position (0-based) to its
    problems."""

    def __init__(self, rows: dict[int, list[str]]) -> None:
        self.rows = rows
        super().__init__(
            {"completions": [f"Item {index}: {problem}" for index, found in rows.items() for problem in found]}
        )


@dataclass(frozen=True)
class CompletionInput:
    course_id: int
    completed_on: datetime.date
    staff_number: str = ""
    email: str = ""


@dataclass(frozen=True)
class RecordResult:
    created: int
    already_recorded: int


def _check_day(day: datetime.date) -> str | None:
    if day not in limits.DATES:
        return f"completed_on must be {limits.DATES}."
    if day > timezone.localdate():
        return "completed_on is in the future."
    return None


def completion_record(
    *, person: StaffMember, course: Course, completed_on: datetime.date, by: User, source: str = Source.MANUAL
) -> Completion:
    """One completion, by hand."""
    require(by, "completion.record", course)
    if problem := _check_day(completed_on):
        raise ValidationError({"completed_on": problem})
    completion = Completion(person=person, course=course, completed_on=completed_on, source=source, recorded_by=by)
    completion.full_clean()
    completion.save()
    return completion


def _people(rows: list[CompletionInput]) -> tuple[dict[str, int], dict[str, int]]:
    numbers = {row.staff_number.lower() for row in rows if row.staff_number}
    emails = {row.email.lower() for row in rows if row.email}
    people = StaffMember.objects.annotate(number_key=Lower("staff_number"), email_key=Lower("email"))
    by_number = dict(people.filter(number_key__in=numbers).values_list("number_key", "pk"))
    by_email = dict(people.filter(email_key__in=emails).values_list("email_key", "pk"))
    return by_number, by_email


def _resolve(
    rows: list[CompletionInput], by: User
) -> tuple[list[tuple[int, int, datetime.date]], dict[int, list[str]]]:
    """Each row as (person, course, day), or its problems."""
    courses = {course.pk: course for course in Course.objects.filter(pk__in={row.course_id for row in rows})}
    by_number, by_email = _people(rows)
    resolved, problems = [], {}
    for index, row in enumerate(rows):
        found: list[str] = []
        course = courses.get(row.course_id)
        if course is None or not can(by, "completion.record", course):
            found.append(f"course: no course {row.course_id} whose completions you may record.")
        person = by_number.get(row.staff_number.lower()) if row.staff_number else by_email.get(row.email.lower())
        if not row.staff_number and not row.email:
            found.append("give the person's staff_number or email.")
        elif person is None:
            found.append(
                f"no one in the staff directory has the {'staff number' if row.staff_number else 'email'} "
                f"{row.staff_number or row.email}."
            )
        if problem := _check_day(row.completed_on):
            found.append(problem)
        if found:
            problems[index] = found
        else:
            resolved.append((person, row.course_id, row.completed_on))
    return resolved, problems


def completions_check(*, rows: list[CompletionInput], by: User) -> None:
    """``CompletionsInvalid`` naming every row ``completions_record`` would refuse; writes nothing."""
    _, problems = _resolve(rows, by)
    if problems:
        raise CompletionsInvalid(problems)


@transaction.atomic
def completions_record(*, rows: list[CompletionInput], by: User, source: str) -> RecordResult:
    """Record every row, or none (``CompletionsInvalid`` names every bad row). A completion
    already recorded (same person, course and day) is counted, not doubled: a platform may
    send its whole export again."""
    resolved, problems = _resolve(rows, by)
    if problems:
        raise CompletionsInvalid(problems)
    created = _store(set(resolved), by=by, source=source)
    return RecordResult(created=created, already_recorded=len(rows) - created)


def _store(unique: set[tuple[int, int, datetime.date]], *, by: User, source: str) -> int:
    """Store each (person, course, day) not recorded yet; the number stored."""
    existing = set(
        Completion.objects.filter(
            person_id__in={person for person, _, _ in unique},
            course_id__in={course for _, course, _ in unique},
            completed_on__in={day for _, _, day in unique},
        ).values_list("person_id", "course_id", "completed_on")
    )
    new = unique - existing
    # A concurrent batch may store one of them meanwhile: the unique constraint keeps one.
    Completion.objects.bulk_create(
        [
            Completion(person_id=person, course_id=course, completed_on=day, source=source, recorded_by=by)
            for person, course, day in sorted(new)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return len(new)


def attendance_completions_record(
    *, triples: set[tuple[int, int, datetime.date]], courses: list[Course], by: User
) -> int:
    """The completions of sessions' attendees, as (person, course, session's day), of the
    ``courses`` named; one already recorded is kept, not doubled. Returns the number stored."""
    for course in courses:
        require(by, "completion.record", course)
    return _store(triples, by=by, source=Source.SESSION)


def attendance_completions_withdraw(*, triples: set[tuple[int, int, datetime.date]]) -> int:
    """Remove the completions sessions recorded for people no longer marked as attending them,
    as (person, course, session's day); those recorded otherwise stay. Returns the number removed."""
    wanted = Q()
    for person, course, day in triples:
        wanted |= Q(person_id=person, course_id=course, completed_on=day)
    removed, _ = Completion.objects.filter(wanted, source=Source.SESSION).delete()
    return removed
