import django_filters

from core.filters import SearchFilterSet
from scorecards.models import SelectionProject


class SelectionProjectFilterSet(SearchFilterSet):
    search_fields = ("name", "requirements")
    state = django_filters.ChoiceFilter(choices=SelectionProject.State.choices, empty_label="Any state")

    class Meta:
        model = SelectionProject
        fields = ["q", "state"]
