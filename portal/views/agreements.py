"""The vendor's SLAs in the portal: every version, its targets per severity and the escalation
path."""

from typing import Any

from django.views.generic import TemplateView

from portal.mixins import PortalMixin
from slas.selectors.agreements import agreement_detail


class PortalAgreementListView(PortalMixin, TemplateView):
    """The vendor's SLAs: every version, its targets per severity and the escalation path."""

    template_name = "portal/agreements.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["agreements"] = agreement_detail().visible_to(self.request.user)
        return context
