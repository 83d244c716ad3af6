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
only when a view reads it, with a bare 400; DRF's JSON parser reads the body without that check
at all. A body announced larger than the cap (or than the view's own parsers take: ``body_limit``)
is answered 413 here, before any view, in the API's JSON and as a page otherwise. Multipart
uploads are left to their own limits (each file's size is checked by its model, other form parts
by Django against the same cap, answered 413 by ``core.views.system.bad_request``).

**A request that fails saves nothing.** Every request that may write (any method but GET, HEAD,
OPTIONS, TRACE) runs in one transaction, rolled back if it ends in a server error: a write
followed by a failure while answering (the 500 after a saved PATCH) leaves no trace. Reads run
without one, so the health check still answers when the database is down. A view whose work
must commit before it answers (it queues a task on commit and reports a broker that is down)
says so with Django's own ``@transaction.non_atomic_requests`` on its handler (the ``post``
method, or the viewset's action).
"""

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Target:
    """The view a request reaches, and its method for this request (a class's ``post``, a
    viewset's action): where a view declares what it takes (its parsers' ``max_bytes``, a
    ``non_atomic_requests`` mark)."""

    view: object = None
    view_class: type | None = None
    handler: object = None


def _target(request: HttpRequest) -> _Target:
    if not hasattr(request, "_core_target"):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            request._core_target = _Target()
        else:
            view_class = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)  # Django/DRF
            actions = getattr(match.func, "actions", None) or {}
            method = actions.get(request.method.lower(), request.method.lower())
            request._core_target = _Target(match.func, view_class, getattr(view_class, method, None))
    return request._core_target


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_limit(request: HttpRequest) -> int:
    """The largest body ``request``'s view takes: ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or what the
    view's own parsers allow (``core.api.parsers.BoundedJSONParser.max_bytes``, e.g. the KPI
    samples endpoint's 16 MiB)."""
    target = _target(request)
    parsers = getattr(target.handler, "kwargs", {}).get("parser_classes") or getattr(
        target.view_class, "parser_classes", ()
    )
    own = [parser.max_bytes for parser in parsers if getattr(parser, "max_bytes", None)]
    return max(own) if own else settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer for a body over ``limit`` bytes: the API's JSON (as its parsers answer it),
    a page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"non_field_errors": [f"The request body is over the limit of {limit:,} bytes."]}, status=413
        )
    message = f"The request is larger than the limit of {filesizeformat(limit)}."
    return render(request, "413.html", {"reason": message}, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type != "multipart/form-data" and _content_length(request):
            limit = body_limit(request)
            if _content_length(request) > limit:
                return request_too_large(request, limit)
        return self.get_response(request)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _runs_atomic(request: HttpRequest) -> bool:
    if request.method in SAFE_METHODS:
        return False
    target = _target(request)
    return not any(
        DEFAULT_DB_ALIAS in getattr(mark, "_non_atomic_requests", ()) for mark in (target.view, target.handler)
    )


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
