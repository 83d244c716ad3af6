"""The evaluations' one FilterSet: the hospital list, the portal, the CSV export and the API."""

import django_filters

from core import limits
from core.filters import SearchFilterSet
from scorecards.models import Evaluation, PeriodKind
from vendors.filters import vendor_choices


class EvaluationFilterSet(SearchFilterSet):
    search_fields = ("vendor__name", "standing", "template__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label="Period")
    year = django_filters.NumberFilter(
        field_name="period_start__year",
        label="Year",
        min_value=limits.EARLIEST_DATE.year,  # a year past Python's dates was a 500
        max_value=limits.LATEST_DATE.year,
    )
    state = django_filters.ChoiceFilter(choices=Evaluation.State.choices)

    class Meta:
        model = Evaluation
        fields = ["q", "vendor", "period_kind", "year", "state"]
