"""The FilterSet of security assessments: the hospital's list, the portal's and the API."""

import django_filters

from compliance.models import Assessment
from core.filters import SearchFilterSet
from vendors.filters import vendor_choices


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("title", "scope", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = Assessment
        fields = ["q", "vendor", "kind"]
