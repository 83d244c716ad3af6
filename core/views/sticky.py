"""Filters that stick: a list page remembers its last query string for the session."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

# Parameters that describe one request, not the user's chosen view of the list.
TRANSIENT_PARAMETERS = frozenset({"export", "clear"})


class StickyFiltersMixin:
    request: HttpRequest

    def sticky_session_key(self) -> str:
        return f"sticky-filters:{self.request.path}"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = self.sticky_session_key()
        if "clear" in request.GET:
            request.session.pop(key, None)
            return HttpResponseRedirect(request.path)
        kept = request.GET.copy()
        for name in TRANSIENT_PARAMETERS:
            kept.pop(name, None)
        if kept:
            request.session[key] = kept.urlencode()
        elif request.session.get(key) and "export" not in request.GET:
            return HttpResponseRedirect(f"{request.path}?{request.session[key]}")
        return super().get(request, *args, **kwargs)  # type: ignore[misc]
