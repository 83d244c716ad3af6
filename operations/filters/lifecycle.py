"""The lifecycle overview's FilterSet, shared by the hospital list, the portal list and their CSV
exports. ``flag`` reads the annotations of ``operations.selectors.lifecycle.lifecycle_list``."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from operations.lifecycle_rules import FLAG_CHOICES
from operations.selectors.lifecycle import lifecycle_flag_q
from vendors.filters import vendor_choices
from vendors.models import Component


class LifecycleFilterSet(SearchFilterSet):
    search_fields = (
        "name",
        "site",
        "vendor__name",
        "lifecycle__software_version",
        "lifecycle__hardware_model",
        "lifecycle__serial_number",
    )

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method="filter_flag", label="Flag")

    class Meta:
        model = Component
        fields = ["q", "vendor", "kind", "criticality", "flag"]

    def filter_flag(self, queryset: QuerySet[Component], name: str, value: str) -> QuerySet[Component]:
        return queryset.filter(lifecycle_flag_q(value, timezone.localdate()))
