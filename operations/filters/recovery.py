"""The FilterSet of backup and DR tests: the hospital list, the portal's, the API's."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from operations.models import RecoveryTest
from vendors.filters import ComponentFilter, vendor_choices


class RecoveryTestFilterSet(SearchFilterSet):
    search_fields = ("component__name", "vendor__name", "description")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    component = ComponentFilter()
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")

    class Meta:
        model = RecoveryTest
        fields = ["q", "vendor", "component", "kind", "active", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = {"active": True, "next_due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
