"""The FilterSet of upgrade and change plans: the hospital list, the portal's, the API's, and
their CSV exports."""

import django_filters

from core.filters import SearchFilterSet
from operations.models import ChangePlan
from vendors.filters import ComponentFilter, vendor_choices


class ChangePlanFilterSet(SearchFilterSet):
    search_fields = ("title", "component__name", "to_version", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    component = ComponentFilter()

    class Meta:
        model = ChangePlan
        fields = ["q", "vendor", "component", "state", "kind"]
