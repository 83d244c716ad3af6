"""The improvement plans' one FilterSet: the hospital list, the portal and the CSV export."""

import django_filters

from core.filters import SearchFilterSet
from scorecards.models import ImprovementPlan
from vendors.filters import vendor_choices


class ImprovementPlanFilterSet(SearchFilterSet):
    search_fields = ("title", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    state = django_filters.ChoiceFilter(choices=ImprovementPlan.State.choices)

    class Meta:
        model = ImprovementPlan
        fields = ["q", "vendor", "state"]
