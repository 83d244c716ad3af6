from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.requirements import RequirementSerializer
from training.filters.requirements import RequirementFilterSet
from training.selectors.requirements import requirement_list


class RequirementViewSet(ScopedModelViewSet):
    """The requirement matrix: hospital users read it, hospital admins keep it; vendor users
    never see it."""

    write_action = "requirement.manage"
    queryset = requirement_list()
    serializer_class = RequirementSerializer
    filterset_class = RequirementFilterSet
    ordering_fields = ["profession", "level", "deadline", "course__title"]
    ordering = ["profession", "course__title", "id"]
