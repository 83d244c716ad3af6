"""The FilterSet of security incidents: the hospital's list, the portal's and the API."""

import django_filters

from compliance.models import SecurityIncident
from core.filters import SearchFilterSet
from vendors.filters import vendor_choices


class SecurityIncidentFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = SecurityIncident
        fields = ["q", "vendor", "status", "severity", "kind"]
