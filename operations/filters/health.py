"""The FilterSets of health assessments: templates and schedules (the hospital lists, the
portal's, the API's)."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from operations.models import HealthAssessment, HealthTemplate
from vendors.filters import ComponentFilter, vendor_choices


class HealthTemplateFilterSet(SearchFilterSet):
    search_fields = ("name", "checks")

    class Meta:
        model = HealthTemplate
        fields = ["q", "component_kind", "active"]


class HealthAssessmentFilterSet(SearchFilterSet):
    search_fields = ("component__name", "vendor__name", "template__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    component = ComponentFilter()
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")

    class Meta:
        model = HealthAssessment
        fields = ["q", "vendor", "component", "template", "active", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = {"active": True, "next_due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
