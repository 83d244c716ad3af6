"""The vendor's own availability: the hospital's vendor page, for the vendor's eyes."""

from typing import Any

from django.views.generic import TemplateView

from portal.mixins import PortalMixin
from slas.pages.availability import VendorAvailabilityContext


class PortalAvailabilityView(PortalMixin, VendorAvailabilityContext, TemplateView):
    template_name = "portal/availability.html"
    incident_list_url_name = "portal:incident_list"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.availability_context())
        return context
