"""One vendor's KPI dashboard as a page shows it (tiles against target grouped by area, red and
amber first, our measurement beside the vendor's report, trend charts with CSV export, tickets at
risk, this month's live uptime, open incidents, alerts, the health of the vendor's interfaces):
the hospital's dashboard page and the
portal's copy build it here."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.exports import csv_download, csv_lines
from kpis.models import KpiAlert
from kpis.selectors.dashboard import ATTENTION, AreaGroup, KpiView, by_area, kpi_views
from kpis.selectors.interfaces import interface_health
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


@dataclass(frozen=True)
class DashboardArea:
    """An area's tiles and trends: the charts of its red and amber KPIs shown, the rest folded
    away. Each chart is (its index in the page's chart data, the chart)."""

    group: AreaGroup
    trends: list[tuple[int, dict[str, object]]]
    more_trends: list[tuple[int, dict[str, object]]]


def dashboard_areas(views: list[KpiView]) -> tuple[list[DashboardArea], list[dict[str, object]]]:
    """The page's areas and the chart data they index into, in the order the page shows them."""
    charts: list[dict[str, object]] = []
    areas = []
    for group in by_area(views):
        trends, more = [], []
        for view in group.views:
            if view.points:
                charts.append(view.chart())
                (trends if view.status.level in ATTENTION else more).append((len(charts) - 1, charts[-1]))
        areas.append(DashboardArea(group, trends, more))
    return areas, charts


class VendorDashboardContext:
    """One vendor's dashboard as ``request.user`` may see it, for the hospital page and the portal."""

    request: HttpRequest
    vendor: Vendor

    def dashboard_context(self) -> dict[str, Any]:
        user, now = self.request.user, timezone.now()
        start, end = date_range(self.request)
        views = kpi_views(self.vendor.pk, start, end)
        at_risk = ticket_selectors.with_sla_state(
            ticket_selectors.ticket_list().visible_to(user).filter(vendor=self.vendor), "at_risk"
        )
        areas, charts = dashboard_areas(views)
        return {
            "range_start": start,
            "range_end": end,
            "views": views,
            "areas": areas,
            "charts": charts,
            # Both "uptime this month" (live) and the uptime KPI are on the page: say how they differ.
            "uptime_kpi_shown": any(view.kpi.code == "uptime" for view in views),
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
            "interfaces": interface_health(user=user, vendor_id=self.vendor.pk),
        }

    def chart_csv(self, code: str) -> HttpResponse:
        """One KPI's chart data: period, our measurement, the vendor's report, the target."""
        start, end = date_range(self.request)
        view = next((view for view in kpi_views(self.vendor.pk, start, end) if view.kpi.code == code), None)
        if view is None:
            raise Http404("No data for this KPI in this range.")
        header = ["period_start", f"measured ({view.kpi.unit})", f"vendor reported ({view.kpi.unit})", "target"]
        rows = ([point.period_start, point.measured, point.reported, view.kpi.target] for point in view.points)
        return csv_download(csv_lines(header, rows), filename=f"{self.vendor.pk}-{code}-{start}-{end}", stamped=False)
