"""The hospital's start page: the morning screen (its read model in ``overview.selectors``)."""

from typing import Any

from django.views.generic import TemplateView

from core.views.mixins import HospitalUserRequiredMixin
from overview.selectors import CLAIM_HORIZON_DAYS, CONTRACT_HORIZON_DAYS, MAINTENANCE_DAYS, morning_screen


class OverviewView(HospitalUserRequiredMixin, TemplateView):
    template_name = "overview/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            screen=morning_screen(user=self.request.user),
            maintenance_days=MAINTENANCE_DAYS,
            contract_days=CONTRACT_HORIZON_DAYS,
            claim_days=CLAIM_HORIZON_DAYS,
        )
        return context
