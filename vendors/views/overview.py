"""The hospital's start page: each vendor at a glance and the contract dates coming up."""

from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from core.views import HospitalUserRequiredMixin
from vendors import selectors

RENEWAL_HORIZON_DAYS = 180
VENDOR_CARDS = 12


class OverviewView(HospitalUserRequiredMixin, TemplateView):
    template_name = "vendors/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        active_vendors = selectors.vendor_list().visible_to(user).filter(active=True)
        context["vendors"] = active_vendors[:VENDOR_CARDS]
        context["active_vendor_count"] = active_vendors.count()
        context["contracts_ending"] = selectors.contracts_ending(
            today=today, within_days=RENEWAL_HORIZON_DAYS
        ).visible_to(user)
        context["horizon_days"] = RENEWAL_HORIZON_DAYS
        context["today"] = today
        return context
