"""The vendor's own KPI dashboard: the hospital's page for one vendor, for the vendor's eyes."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView

from kpis.pages.dashboard import VendorDashboardContext
from portal.mixins import PortalMixin


class PortalDashboardView(PortalMixin, VendorDashboardContext, TemplateView):
    template_name = "portal/dashboard.html"

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.GET.get("export") == "csv":
            return self.chart_csv(request.GET.get("kpi", ""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.dashboard_context())
        return context
