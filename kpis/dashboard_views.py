"""The KPI dashboard pages: every vendor's KPIs at a glance, one vendor's KPIs with trends and
the live SLA picture (uptime and budget, open incidents, tickets at risk). The vendor's page is
shared with the portal; each chart's data downloads as CSV."""

import csv
import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.views import HospitalUserRequiredMixin
from kpis.dashboard import kpi_views, latest_scorecard
from kpis.models import KpiAlert
from slas.models import Incident
from slas.selectors import availability
from tickets import selectors as ticket_selectors
from vendors.models import Vendor

DEFAULT_DAYS = 365
AT_RISK_SHOWN = 5


def date_range(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """``from``/``to`` (YYYY-MM-DD) from the query; the last year when missing or malformed."""
    today = timezone.localdate()

    def parse(name: str, default: datetime.date) -> datetime.date:
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default

    end = min(parse("to", today), today)
    start = parse("from", end - datetime.timedelta(days=DEFAULT_DAYS))
    return (start, end) if start <= end else (end, end)


class VendorDashboardContext:
    """One vendor's dashboard as ``request.user`` may see it, for the hospital page and the portal."""

    request: HttpRequest
    vendor: Vendor
    incident_url_name = "slas:incident_detail"
    ticket_url_name = "tickets:ticket_detail"

    def dashboard_context(self) -> dict[str, Any]:
        user, now = self.request.user, timezone.now()
        start, end = date_range(self.request)
        views = kpi_views(self.vendor.pk, start, end)
        at_risk = ticket_selectors.with_sla_state(
            ticket_selectors.ticket_list().visible_to(user).filter(vendor=self.vendor), "at_risk"
        )
        return {
            "range_start": start,
            "range_end": end,
            "views": views,
            "charts": [view.chart() for view in views if view.points],
            "month": availability.month_availability(self.vendor.pk, timezone.localdate(now), now=now),
            "open_incidents": list(
                Incident.objects.visible_to(user)
                .filter(vendor=self.vendor, ended_at__isnull=True)
                .prefetch_related("components")
                .order_by("started_at")
            ),
            "alerts": list(
                KpiAlert.objects.visible_to(user)
                .filter(vendor=self.vendor, cleared_at__isnull=True)
                .select_related("kpi", "component")
                .order_by("-raised_at")
            ),
            "at_risk": list(at_risk[:AT_RISK_SHOWN]),
            "at_risk_count": at_risk.count(),
            "incident_url_name": self.incident_url_name,
            "ticket_url_name": self.ticket_url_name,
        }

    def chart_csv(self, code: str) -> HttpResponse:
        """One KPI's chart data: period, our measurement, the vendor's report, the target."""
        start, end = date_range(self.request)
        view = next((view for view in kpi_views(self.vendor.pk, start, end) if view.kpi.code == code), None)
        if view is None:
            raise Http404("No data for this KPI in this range.")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.vendor.pk}-{code}-{start}-{end}.csv"'
        writer = csv.writer(response)
        writer.writerow(["period_start", f"measured ({view.kpi.unit})", f"vendor reported ({view.kpi.unit})", "target"])
        for point in view.points:
            writer.writerow([point.period_start, point.measured or "", point.reported or "", view.kpi.target or ""])
        return response


class KpiOverviewView(HospitalUserRequiredMixin, TemplateView):
    """Every vendor's KPIs in one grid, worst first."""

    template_name = "kpis/dashboard_overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        start, end = date_range(self.request)
        vendors = list(Vendor.objects.visible_to(self.request.user).only("name").order_by("name"))  # all a card shows
        cards = latest_scorecard([vendor.pk for vendor in vendors], start, end)
        # One URL pattern filled per vendor: reversing a route per vendor costs more than the data.
        link = reverse("kpis:dashboard_vendor", args=[0]).replace("/0/", "/{}/") + f"?from={start}&to={end}"
        rows = [(vendor, link.format(vendor.pk), cards[vendor.pk]) for vendor in vendors]
        context.update(
            range_start=start,
            range_end=end,
            rows=[row for row in rows if row[2]],
            without_data=[(vendor, url) for vendor, url, views in rows if not views],
        )
        return context


class VendorDashboardView(HospitalUserRequiredMixin, VendorDashboardContext, TemplateView):
    model = Vendor
    template_name = "kpis/dashboard_vendor.html"

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        vendor = Vendor.objects.visible_to(request.user).filter(pk=self.kwargs["pk"]).first()
        if vendor is None:
            raise Http404
        self.vendor = vendor
        if request.GET.get("export") == "csv":
            return self.chart_csv(request.GET.get("kpi", ""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.dashboard_context(), vendor=self.vendor, overview_url=reverse("kpis:dashboard"))
        return context
