"""The probe FilterSet, shared by the hospital list, the portal list, their CSV exports and the
API. ``status`` reads the latest-run annotations of ``kpis.selectors.probes.probe_list``."""

import django_filters
from django.db.models import Q, QuerySet

from core.filters import SearchFilterSet
from kpis.models import Probe
from kpis.selectors.probes import STATUS_CHOICES, STATUS_FAILING, STATUS_NEVER, STATUS_OK, STATUS_PARTIAL
from vendors.filters import ComponentFilter, vendor_choices

STATUS_QUERIES = {
    STATUS_NEVER: Q(last_started_at__isnull=True),
    STATUS_FAILING: Q(last_started_at__isnull=False, failing_since__isnull=False),
    STATUS_PARTIAL: Q(last_started_at__isnull=False, failing_since__isnull=True, last_ok=False),
    STATUS_OK: Q(failing_since__isnull=True, last_ok=True),
}


class ProbeFilterSet(SearchFilterSet):
    search_fields = ("name", "ae_title", "host", "component__name", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    component = ComponentFilter()
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label="Status")

    class Meta:
        model = Probe
        fields = ["q", "vendor", "component", "active", "status"]

    def filter_status(self, queryset: QuerySet[Probe], name: str, value: str) -> QuerySet[Probe]:
        return queryset.filter(STATUS_QUERIES[value])
