"""The KPI FilterSet: the catalogue page and the API."""

from core.filters import SearchFilterSet
from kpis.models import Kpi


class KpiFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "description")

    class Meta:
        model = Kpi
        fields = ["q", "source", "scope", "period", "active"]
