"""One vendor's KPI dashboard as a page shows it (tiles against target, our measurement beside the
vendor's report, trend charts with CSV export, tickets at risk, this month's uptime, open
incidents, alerts): the hospital's dashboard page and the portal's copy build it here."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.exports import csv_download, csv_lines
from kpis.models import KpiAlert
from kpis.selectors.dashboard import kpi_views
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
