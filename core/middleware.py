"""Keep vendor users inside the vendor portal.

The hospital UI is for hospital users only. Rather than trusting every hospital view to check
the role, vendor users are stopped here, before any other middleware looks at the request: the
view a URL leads to says itself whether vendor users may reach it (``core.views.reach``: the
portal's views, the sign-in pages, their notifications, links that carry their own token, and
the API as a whole, which applies the same ``visible_to`` scoping and its own write permissions);
every other page answers 404, as if it did not exist. The site root sends each user to their own
home page (``core.views.system.home``).
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from core.roles import is_vendor_user
from core.views.reach import is_vendor_reachable


class VendorUserConfinementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_vendor_user(request.user):
            try:
                match = resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                pass  # no such page: the 404 follows anyway
            else:
                if not is_vendor_reachable(match.func):
                    raise Http404("Not available in the vendor portal.")
        return self.get_response(request)
