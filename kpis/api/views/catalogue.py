"""``/api/v1/kpis/``: the KPI catalogue."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from core.api.viewsets import ScopedModelViewSet
from kpis.api.serializers.catalogue import KpiSerializer
from kpis.filters.catalogue import KpiFilterSet
from kpis.selectors.catalogue import kpi_list


class KpiViewSet(ScopedModelViewSet):
    """Every signed-in user reads the catalogue; hospital admins add and edit KPIs (a KPI that
    is no longer used is made inactive, not deleted: its samples keep referring to it)."""

    write_action = "kpi.manage"
    queryset = kpi_list()
    serializer_class = KpiSerializer
    filterset_class = KpiFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "code", "source", "period"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
