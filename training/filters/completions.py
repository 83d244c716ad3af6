import django_filters

from accounts.models import Profession
from core.filters import DayFilter, SearchFilterSet
from training.models import Completion


class CompletionFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__staff_number", "course__title")

    profession = django_filters.ChoiceFilter(field_name="person__profession", choices=Profession.choices)
    completed_from = DayFilter(field_name="completed_on", lookup_expr="gte", label="Completed from")
    completed_to = DayFilter(field_name="completed_on", lookup_expr="lte", label="Completed until")

    class Meta:
        model = Completion
        fields = ["q", "course", "profession", "source", "completed_from", "completed_to"]
