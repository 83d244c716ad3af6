"""``/api/v1/evaluation-templates/``: hospital users read templates; hospital admins write them
with their criteria (weights summing to 100)."""

from core.api.viewsets import ScopedModelViewSet
from scorecards.api.serializers.templates import EvaluationTemplateSerializer
from scorecards.filters.templates import EvaluationTemplateFilterSet
from scorecards.selectors.templates import template_detail


class EvaluationTemplateViewSet(ScopedModelViewSet):
    """Templates with their criteria. Hospital users read them; hospital admins create and replace
    them with every criterion at once (weights summing to 100). Fixed once an evaluation on the
    template is finalised."""

    write_action = "scorecard.configure"
    queryset = template_detail()
    serializer_class = EvaluationTemplateSerializer
    filterset_class = EvaluationTemplateFilterSet
    ordering_fields = ["name", "updated_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "put", "head", "options"]
