"""The vendor access log of this site: every request a signed-in vendor user makes (the portal's
pages, the API with a session or a token, downloads) is appended to it after it is answered,
with its status; hospital users' and anonymous requests are not.

It sits in ``MIDDLEWARE`` after authentication and above ``core.middleware.AtomicWriteMiddleware``
and the vendor-user confinement: a request refused (404 outside the portal, 403, a 5xx rolled
back) is logged as answered. An API request authenticated by a token has its user only once DRF
has authenticated it (DRF sets it on the request then), which is why the user is read after the
response. What it costs is in ``bench/access_log.py`` (``--only access-log``)."""

import ipaddress
from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone

from compliance.services.remote_access_log import RequestAccess, request_log
from core.client_ip import client_ip
from core.roles import is_vendor_user


def _address(request: HttpRequest) -> str | None:
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None  # a proxy's junk is not stored in an inet column
    return address


def _is_download(response: HttpResponse) -> bool:
    return isinstance(response, FileResponse) or response.get("Content-Disposition", "").startswith("attachment")


class VendorAccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        at = timezone.now()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if is_vendor_user(user) and user.vendor_id is not None:
            request_log(
                RequestAccess(
                    at=at,
                    vendor_id=user.vendor_id,
                    user_id=user.pk,
                    username=user.get_username(),
                    method=request.method or "",
                    path=request.get_full_path(),
                    status=response.status_code,
                    source_ip=_address(request),
                    api=request.path_info.startswith("/api/"),
                    download=_is_download(response),
                )
            )
        return response
