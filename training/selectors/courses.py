from django.db.models import Count, QuerySet

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
