"""The project's own middleware: vendor users kept inside the portal, request bodies kept small,
writes undone when a request fails.

**Vendor users stay in the portal.** The hospital UI is for hospital users only. Rather than
trusting every hospital view to check the role, vendor users are stopped here, before any other
middleware looks at the request: the view a URL leads to says itself whether vendor users may
reach it (``core.views.reach``: the portal's views, the sign-in pages, their notifications, links
that carry their own token, and the API as a whole, which applies the same ``visible_to`` scoping
and its own write permissions); every other page answers 404, as if it did not exist. The site
root sends each user to their own home page (``core.views.system.home``).

**Request bodies have a size cap.** Django refuses form data past ``DATA_UPLOAD_MAX_MEMORY_SIZE``
only when a view reads it, with a bare 400; the API's JSON parser reads the body without that
check at all. A body announced larger than the cap is answered 413 here, before any view, in JSON
for the API and as a page otherwise. Multipart uploads are left to their own limits (each file's
size is checked by its model, other form parts by Django against the same cap).

**A request that fails saves nothing.** Every request that may write (any method but GET, HEAD,
OPTIONS, TRACE) runs in one transaction, rolled back if it ends in a server error: a write
followed by a failure while answering (the 500 after a saved PATCH) leaves no trace. Reads run
without one, so the health check still answers when the database is down. A view whose work
must commit before it answers (it queues a task on commit and reports a broker that is down)
says so with Django's own ``@transaction.non_atomic_requests`` on its handler (the ``post``
method, or the viewset's action).
"""

from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
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


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer for a body over ``limit`` bytes: JSON for the API, a page otherwise."""
    message = f"The request is larger than the limit of {filesizeformat(limit)}."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"reason": message}, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.content_type != "multipart/form-data" and _content_length(request) > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _handlers(request: HttpRequest) -> list[object]:
    """The view a request reaches, and its method for this request (a class's ``post``, a
    viewset's action), where a ``non_atomic_requests`` mark may sit."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return []
    view_class = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)  # Django / DRF
    actions = getattr(match.func, "actions", None) or {}
    method = actions.get(request.method.lower(), request.method.lower())
    return [match.func, getattr(view_class, method, None)]


def _runs_atomic(request: HttpRequest) -> bool:
    if request.method in SAFE_METHODS:
        return False
    return not any(DEFAULT_DB_ALIAS in getattr(handler, "_non_atomic_requests", ()) for handler in _handlers(request))


class AtomicWriteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _runs_atomic(request):
            return self.get_response(request)
        with transaction.atomic():
            # The view's exception has become a 500 response by now (Django converts it in the
            # layer below); the status is how a failure shows here.
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
