"""Hospital UI of the KPI catalogue: every signed-in hospital user reads it, hospital admins add
and edit KPIs."""

from typing import Any

from django.urls import reverse

from core.permissions import can
from core.views.generic import ObjectCreateView, ObjectListView, ObjectUpdateView
from kpis.filters.catalogue import KpiFilterSet
from kpis.forms.catalogue import KpiForm
from kpis.models import Kpi
from kpis.selectors.catalogue import kpi_list
from kpis.tables.catalogue import KpiTable


class KpiListView(ObjectListView):
    manage_action = "kpi.manage"
    queryset = kpi_list()
    filterset_class = KpiFilterSet
    table_class = KpiTable
    export_filename = "kpis"
    add_label = "Add KPI"
    template_name = "kpis/kpi_list.html"

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "can_edit": can(self.request.user, self.manage_action)}


class KpiFormMixin:
    """KPIs have no page of their own: the catalogue is where the form returns to."""

    model = Kpi
    form_class = KpiForm
    permission_action = "kpi.manage"

    def get_success_url(self) -> str:
        return reverse("kpis:kpi_list")

    def get_cancel_url(self) -> str:
        return reverse("kpis:kpi_list")


class KpiCreateView(KpiFormMixin, ObjectCreateView):
    title = "Add a KPI"


class KpiUpdateView(KpiFormMixin, ObjectUpdateView):
    pass
