"""Writes of courses and their materials. A vendor user keeps their own vendor's courses only:
a course they create is their vendor's, whatever they sent."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from core.permissions import require
from training.models import Course, CourseMaterial
from vendors.models import Component

COURSE_FIELDS = (
    "title",
    "vendor",
    "release",
    "audience",
    "delivery",
    "duration_minutes",
    "has_quiz",
    "quiz_pass_mark",
    "description",
    "active",
)


def _check_prerequisites(course: Course, prerequisites: list[Course]) -> None:
    """No course requires itself, directly or through others."""
    if course.pk is None:
        return
    pending = [p.pk for p in prerequisites]
    seen: set[int] = set()
    while pending:
        if course.pk in pending:
            raise ValidationError({"prerequisites": "A course cannot require itself, not even through others."})
        seen.update(pending)
        pending = [
            pk
            for pk in Course.prerequisites.through.objects.filter(from_course_id__in=pending).values_list(
                "to_course_id", flat=True
            )
            if pk not in seen
        ]


@transaction.atomic
def course_save(
    *,
    course: Course | None,
    data: dict[str, Any],
    components: list[Component],
    prerequisites: list[Course],
    by: User,
) -> Course:
    """Create (``course`` None) or change a course: its fields from ``data`` (``COURSE_FIELDS``;
    those absent are kept), the components it covers (its vendor's only) and its prerequisites
    (its vendor's or internal courses, no cycles)."""
    course = course or Course()
    if course.pk:
        require(by, "course.manage", course)
    for name in COURSE_FIELDS:
        if name in data:
            setattr(course, name, data[name])
    if by.is_vendor_user:
        course.vendor = by.vendor
    require(by, "course.manage", course if course.vendor_id else None)
    if by.is_vendor_user and course.delivery == "internal":
        raise ValidationError({"delivery": "Internal courses are the hospital's; choose how your course is given."})
    if any(component.vendor_id != course.vendor_id for component in components):
        raise ValidationError({"components": "Choose components of the course's vendor only."})
    if any(p.vendor_id not in (None, course.vendor_id) for p in prerequisites):
        raise ValidationError({"prerequisites": "Choose the vendor's own courses or the hospital's as prerequisites."})
    course.audience = sorted(set(course.audience))
    course.full_clean(exclude=["components", "prerequisites"])
    _check_prerequisites(course, prerequisites)
    course.save()
    course.components.set(components)
    course.prerequisites.set([p for p in prerequisites if p.pk != course.pk])
    return course


def material_attach(*, course: Course, title: str, file: UploadedFile | None, url: str, by: User) -> CourseMaterial:
    """A file (type and size checked) or a link, on a course the user may keep."""
    require(by, "course.manage", course)
    material = CourseMaterial(
        course=course, title=title or (file.name if file else url), file=file or "", url=url, uploaded_by=by
    )
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def material_delete(*, material: CourseMaterial, by: User) -> None:
    """Remove the record, and its file once the deletion is committed."""
    require(by, "course.manage", material)
    storage, name = material.file.storage, material.file.name
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
