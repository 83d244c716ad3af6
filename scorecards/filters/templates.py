from core.filters import SearchFilterSet
from scorecards.models import EvaluationTemplate


class EvaluationTemplateFilterSet(SearchFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = EvaluationTemplate
        fields = ["q"]
