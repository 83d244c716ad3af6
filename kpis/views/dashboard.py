"""The KPI dashboard pages: every vendor's KPIs at a glance, and one vendor's KPIs with trends and
the live SLA picture (the context in ``kpis.pages.dashboard``, shared with the portal)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from core.views.mixins import HospitalUserRequiredMixin, ScopedUrlObjectMixin
from kpis.pages.dashboard import VendorDashboardContext, date_range
from kpis.selectors.dashboard import latest_scorecard
from kpis.selectors.interfaces import interface_health_by_vendor
from vendors.models import Vendor


class KpiOverviewView(HospitalUserRequiredMixin, TemplateView):
    """Every vendor's KPIs in one grid, worst first, with the state of each of its interfaces."""

    template_name = "kpis/dashboard_overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        start, end = date_range(self.request)
        vendors = list(Vendor.objects.visible_to(self.request.user).only("name").order_by("name"))  # all a card shows
        cards = latest_scorecard([vendor.pk for vendor in vendors], start, end)
        interfaces = interface_health_by_vendor(user=self.request.user)
        # One URL pattern filled per vendor: reversing a route per vendor costs more than the data.
        link = reverse("kpis:dashboard_vendor", args=[0]).replace("/0/", "/{}/") + f"?from={start}&to={end}"
        rows = [(vendor, link.format(vendor.pk), cards[vendor.pk], interfaces.get(vendor.pk, [])) for vendor in vendors]
        context.update(
            range_start=start,
            range_end=end,
            rows=[row for row in rows if row[2] or row[3]],
            # Those with interfaces have a card of their own, which says so.
            without_data=[(vendor, url) for vendor, url, views, health in rows if not views and not health],
        )
        return context


class VendorDashboardView(HospitalUserRequiredMixin, ScopedUrlObjectMixin, VendorDashboardContext, TemplateView):
    url_object_model = Vendor
    url_object_name = "vendor"
    template_name = "kpis/dashboard_vendor.html"

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.GET.get("export") == "csv":
            return self.chart_csv(request.GET.get("kpi", ""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.dashboard_context(), vendor=self.vendor, overview_url=reverse("kpis:dashboard"))
        return context
