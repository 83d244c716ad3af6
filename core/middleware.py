"""Keep vendor users inside the vendor portal.

The hospital UI is for hospital users only. Rather than trusting every hospital view to check
the role, vendor users are stopped here: the site root sends them to the portal, every other
hospital page answers 404 (as if it did not exist). The API stays reachable: it applies the
same ``visible_to`` scoping and its own write permissions.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.roles import is_vendor_user

# The maintenance calendar feed identifies its user by the key in the URL, not the session.
VENDOR_REACHABLE_PREFIXES = (
    "/portal/",
    "/accounts/",
    "/api/",
    "/healthz",
    "/notifications/",
    "/sla/maintenance/feed/",
    "/reports/opt-out/",  # the link in a report email: the signed token stands for the recipient
)


class VendorUserConfinementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_vendor_user(request.user):
            path = request.path_info
            if path == "/":
                return redirect("portal:home")
            if not path.startswith((*VENDOR_REACHABLE_PREFIXES, self.static_prefix)):
                raise Http404("Not available in the vendor portal.")
        return self.get_response(request)
