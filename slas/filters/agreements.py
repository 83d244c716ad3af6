"""The agreement FilterSet: the hospital list and the API."""

import django_filters

from core.filters import SearchFilterSet
from slas.models import Agreement
from vendors.filters import vendor_choices


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("name", "contract__reference", "contract__vendor__name")

    vendor = django_filters.ModelChoiceFilter(field_name="contract__vendor", queryset=vendor_choices())

    class Meta:
        model = Agreement
        fields = ["q", "vendor", "contract"]
