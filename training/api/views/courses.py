from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.courses import CourseSerializer
from training.filters.courses import CourseFilterSet
from training.models import Course
from training.selectors.courses import course_list
from training.services.courses import course_save


class CourseViewSet(ScopedModelViewSet):
    """Courses: hospital users read all, vendor users their own vendor's; hospital admins keep
    every course, vendor users their own (created as their vendor's). Courses with completions
    are kept: set ``active`` false instead of deleting."""

    write_action = "course.manage"
    queryset = course_list()
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["title", "release", "delivery", "duration_minutes", "vendor__name"]
    ordering = ["title", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _save(self, serializer: BaseSerializer, course: Course | None) -> None:
        data = dict(serializer.validated_data)
        # A PATCH without them keeps the course's components and prerequisites.
        components = data.pop("components", None)
        prerequisites = data.pop("prerequisites", None)
        if course is not None:
            components = course.components.all() if components is None else components
            prerequisites = course.prerequisites.all() if prerequisites is None else prerequisites
        with self._audited():
            serializer.instance = course_save(
                course=course,
                data=data,
                components=list(components or []),
                prerequisites=list(prerequisites or []),
                by=self.request.user,
            )
        self._reload(serializer)

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self._save(serializer, Course.objects.get(pk=serializer.instance.pk))
