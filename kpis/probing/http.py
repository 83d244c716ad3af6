"""One timed HTTP GET, shared by the checks that speak HTTP (Orthanc's ``/statistics``,
DICOMweb, FHIR): the request with its credentials, the answer, and every way it can fail turned
into a reason a person can read.

Proxies from the environment are ignored on purpose: a probe measures the service itself.
Credentials are sent up front: waiting for the 401 challenge would double the measured latency.
"""

import base64
import http.client
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from kpis.probing.results import (
    AUTH_BASIC,
    AUTH_BEARER,
    ProbeTarget,
    _milliseconds_since,
    _ProbeFailure,
    _seconds,
)


@dataclass(frozen=True)
class HttpAnswer:
    """A successful (2xx) answer: its status, media type (without parameters), body and the time
    from sending the request to the end of the body."""

    status: int
    media_type: str
    body: bytes
    duration_ms: float

    def json(self, accepted_media_types: tuple[str, ...]) -> Any:
        """The body as JSON; a failure when the media type is not one of ``accepted_media_types``
        or the body does not parse."""
        if self.media_type not in accepted_media_types:
            shown = self.media_type or "none"
            raise _ProbeFailure(f"unexpected content type {shown} (expected {' or '.join(accepted_media_types)})")
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _ProbeFailure(f"the answer is not valid JSON: {exc}") from exc


def _failure_reason(target: ProbeTarget, exc: OSError) -> str:
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return f"timed out after {_seconds(target.timeout_seconds)} waiting for HTTP"
    if isinstance(cause, socket.gaierror):
        return f"host not found ({cause.strerror})"
    if isinstance(cause, OSError):
        return f"connection failed: {cause.strerror or cause}"
    return f"connection failed: {cause}"


def authorization(auth: str, username: str, password: str) -> str | None:
    """The ``Authorization`` header for ``basic`` (user name and password) or ``bearer`` (the
    password is the token); None without credentials."""
    if auth == AUTH_BASIC and username:
        return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
    if auth == AUTH_BEARER and password:
        return f"Bearer {password}"
    return None


def base_url(value: str | None, name: str = "base URL") -> str:
    """``value`` without its trailing slash; a failure unless it is an http or https URL."""
    base = (value or "").strip().rstrip("/")
    if not base:
        raise _ProbeFailure(f"skipped: no {name} configured")
    if not base.startswith(("http://", "https://")):
        raise _ProbeFailure(f"invalid {name}: http or https only")
    return base


def http_get(target: ProbeTarget, url: str, *, accept: str, auth: str) -> HttpAnswer:
    """GET ``url`` within ``target.timeout_seconds`` (per connection and per read), signing in
    the way ``auth`` says with the target's credentials. Any status other than 2xx, a refused,
    reset or slow connection is a failure with its reason."""
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 (http or https, checked by base_url)
    header = authorization(auth, target.rest_username, target.rest_password)
    if header:
        request.add_header("Authorization", header)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    begin = perf_counter()
    try:
        with opener.open(request, timeout=target.timeout_seconds) as response:
            body = response.read()
            status = response.status
            media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _ProbeFailure(f"HTTP {exc.code}") from exc
    except OSError as exc:  # URLError, timeouts while reading, resets
        raise _ProbeFailure(_failure_reason(target, exc)) from exc
    except http.client.HTTPException as exc:  # not HTTP, or the body cut short
        raise _ProbeFailure(f"broken HTTP answer: {exc!r}") from exc
    return HttpAnswer(status=status, media_type=media_type, body=body, duration_ms=_milliseconds_since(begin))
