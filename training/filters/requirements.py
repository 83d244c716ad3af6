from core.filters import SearchFilterSet
from training.models import Requirement


class RequirementFilterSet(SearchFilterSet):
    search_fields = ("course__title", "note")

    class Meta:
        model = Requirement
        fields = ["q", "profession", "level", "course"]
