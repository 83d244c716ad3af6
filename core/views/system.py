"""Site-wide views: the role-aware home redirect, the health check, friendly error pages."""

import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.middleware import request_too_large
from core.roles import is_hospital_user
from core.unavailable import RETRY_AFTER_SECONDS, database_unavailable
from core.views.reach import vendor_reachable


@vendor_reachable
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if is_hospital_user(request.user):
        return redirect(settings.HOSPITAL_HOME_URL)
    return redirect(settings.VENDOR_HOME_URL)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    client = cache._cache.get_client(write=True)  # the RedisCache's redis-py client
    client.ping()
    return "ok"


@vendor_reachable
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and Redis reachability, for load balancers and monitoring: 200 or 503."""
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "unhealthy", with its reason
            checks[name] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django could not read. Form data past the cap (a multipart form, which the
    middleware lets through for its files) is the 413 the middleware answers for other bodies."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if _wants_json(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return HttpResponse(render(None, "400.html").content, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Called inside Django's ``except`` block: the exception being handled is at hand.
    if database_unavailable(sys.exc_info()[1]):
        return _unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    # No context processors: the error may come from the database or the session.
    return HttpResponse(render(None, "500.html").content, status=500)


def _unavailable(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        response: HttpResponse = JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
    else:
        response = HttpResponse(render(None, "503.html").content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
