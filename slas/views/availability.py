"""Availability pages: every vendor's month at a glance, and one vendor's month in detail (the
context in ``slas.pages.availability``, shared with the portal's copy of the page)."""

from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from core.months import month_start, next_month, previous_months
from core.views.mixins import HospitalUserRequiredMixin, ScopedUrlObjectMixin
from slas.models import Incident
from slas.pages.availability import VendorAvailabilityContext, parse_month
from slas.selectors import availability
from slas.uptime import minutes
from vendors.models import Vendor


class AvailabilityOverviewView(HospitalUserRequiredMixin, TemplateView):
    """Every vendor's month: uptime against target and the downtime budget left."""

    template_name = "slas/availability_overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        month = parse_month(self.request.GET.get("month"), today=timezone.localdate(now))
        vendors = list(Vendor.objects.visible_to(self.request.user).order_by("name"))
        figures = availability.vendors_month_availability([v.pk for v in vendors], month, now=now)
        open_counts = _open_incident_counts([v.pk for v in vendors])
        context.update(
            month=month,
            previous_month=previous_months(month, 2)[0],
            next_month=None if month >= month_start(timezone.localdate(now)) else next_month(month),
            rows=[
                {
                    "vendor": vendor,
                    "availability": figures[vendor.pk],
                    "downtime_minutes": minutes(figures[vendor.pk].figures.downtime),
                    "budget_remaining_minutes": (
                        minutes(figures[vendor.pk].budget_remaining) if figures[vendor.pk].budget is not None else None
                    ),
                    "budget_used_percent": figures[vendor.pk].budget_used_percent,
                    "open_incidents": open_counts.get(vendor.pk, 0),
                }
                for vendor in vendors
            ],
        )
        return context


def _open_incident_counts(vendor_ids: list[int]) -> dict[int, int]:
    rows = (
        Incident.objects.filter(vendor_id__in=vendor_ids, ended_at__isnull=True)
        .values("vendor_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["vendor_id"]: row["n"] for row in rows}


class VendorAvailabilityView(HospitalUserRequiredMixin, ScopedUrlObjectMixin, VendorAvailabilityContext, TemplateView):
    url_object_model = Vendor
    url_object_name = "vendor"
    template_name = "slas/availability_vendor.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["vendor"] = self.vendor
        context.update(self.availability_context())
        return context
