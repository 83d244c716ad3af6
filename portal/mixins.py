"""The portal's one access rule: a vendor user, whose vendor comes from their account."""

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpRequest, HttpResponse

from core.roles import is_vendor_user
from vendors.models import Vendor


class PortalMixin(AccessMixin):
    """Resolves ``self.vendor`` from the signed-in vendor user, never from the URL. Hospital
    users have the hospital UI; for them the portal does not exist (404)."""

    vendor: Vendor

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_vendor_user(request.user) or request.user.vendor is None:
            raise Http404
        self.vendor = request.user.vendor
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["vendor"] = self.vendor
        return context
