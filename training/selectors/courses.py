from django.db.models import Count, Q, QuerySet

from core.roles import ScopedUser
from training.models import Course, CourseMaterial


def course_list() -> QuerySet[Course]:
    """Courses with their vendor, and how many materials, requirements and completions each has."""
    return Course.objects.select_related("vendor").annotate(
        material_count=Count("materials", distinct=True),
        requirement_count=Count("requirements", distinct=True),
        completion_count=Count("completions", distinct=True),
    )


def course_materials(course: Course) -> QuerySet[CourseMaterial]:
    return course.materials.select_related("uploaded_by").order_by("title", "pk")


def material_list() -> QuerySet[CourseMaterial]:
    return CourseMaterial.objects.select_related("course")


def prerequisite_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """The courses a course of ``vendor_id`` may require first: that vendor's and the hospital's
    own (internal) courses, as the user may see them."""
    courses = Course.objects.visible_to(user).filter(Q(vendor__isnull=True) | Q(vendor_id=vendor_id))
    return list(courses.order_by("title", "pk").values_list("pk", "title"))


def course_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """Courses to filter by: the chosen vendor's, or every course the user may see (internal
    ones included) while no vendor is chosen."""
    courses = Course.objects.visible_to(user)
    if vendor_id:
        courses = courses.filter(vendor_id=vendor_id)
    return list(courses.order_by("title", "pk").values_list("pk", "title"))
