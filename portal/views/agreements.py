"""The vendor's SLAs in the portal: every version, its targets per severity and the escalation
path, and the sections other apps add to an agreement (``slas.agreement_sections``: the
data-protection terms, read-only)."""

from typing import Any

from django.views.generic import TemplateView

from portal.mixins import PortalMixin
from slas.agreement_sections import agreement_section_relations, agreement_sections
from slas.selectors.agreements import agreement_detail


class PortalAgreementListView(PortalMixin, TemplateView):
    """The vendor's SLAs: every version, its targets per severity and the escalation path."""

    template_name = "portal/agreements.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        agreements = list(agreement_detail().visible_to(user).select_related(*agreement_section_relations()))
        context["agreements"] = [(agreement, agreement_sections(agreement, user)) for agreement in agreements]
        return context
