"""The FilterSets of components over their life: the overview's (hospital list, portal list, their
CSV exports), and the API's lists of lifecycles, version changes and bulletins. ``flag`` reads the
annotations of ``operations.selectors.lifecycle.lifecycle_list``."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from operations.lifecycle_rules import FLAG_CHOICES
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.selectors.lifecycle import lifecycle_flag_q
from vendors.filters import ComponentFilter, vendor_choices
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


class VersionChangeFilterSet(django_filters.FilterSet):
    vendor = django_filters.ModelChoiceFilter(field_name="component__vendor", queryset=vendor_choices(), label="Vendor")
    component = ComponentFilter()
    changed_from = django_filters.DateFilter(field_name="changed_on", lookup_expr="gte")
    changed_to = django_filters.DateFilter(field_name="changed_on", lookup_expr="lte")

    class Meta:
        model = VersionChange
        fields = ["vendor", "component", "kind", "changed_from", "changed_to"]


class SecurityBulletinFilterSet(SearchFilterSet):
    search_fields = ("reference", "title", "component__name")

    vendor = django_filters.ModelChoiceFilter(field_name="component__vendor", queryset=vendor_choices(), label="Vendor")
    component = ComponentFilter()
    applied = django_filters.BooleanFilter(field_name="applied_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = SecurityBulletin
        fields = ["q", "vendor", "component", "severity", "applied"]


class ComponentLifecycleFilterSet(django_filters.FilterSet):
    vendor = django_filters.ModelChoiceFilter(field_name="component__vendor", queryset=vendor_choices(), label="Vendor")
    component = ComponentFilter()

    class Meta:
        model = ComponentLifecycle
        fields = ["vendor", "component"]


class ReplacementFilterSet(SearchFilterSet):
    search_fields = ("component__name", "component__vendor__name", "hardware_model")

    vendor = django_filters.ModelChoiceFilter(field_name="component__vendor", queryset=vendor_choices(), label="Vendor")
    year = django_filters.NumberFilter(field_name="replacement_planned_on", lookup_expr="year", label="Year")

    class Meta:
        model = ComponentLifecycle
        fields = ["q", "vendor", "year"]
