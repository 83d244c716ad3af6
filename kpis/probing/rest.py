"""Orthanc's REST ``/statistics``: storage used and study count."""

import base64
import json
import socket
import urllib.error
import urllib.request
from time import perf_counter
from typing import Any

from kpis.probing.results import (
    CHECK_STATISTICS,
    ProbeResult,
    ProbeTarget,
    _milliseconds_since,
    _ProbeFailure,
    _run_check,
    _seconds,
)


def _http_failure_reason(target: ProbeTarget, exc: OSError) -> str:
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


def orthanc_statistics(target: ProbeTarget) -> ProbeResult:
    """GET ``{rest_url}/statistics`` with HTTP basic auth: storage used and object counts.

    Proxies from the environment are ignored on purpose: the probe measures the PACS itself.
    """

    def measure() -> tuple[float, dict[str, Any]]:
        base = (target.rest_url or "").rstrip("/")
        if not base:
            raise _ProbeFailure("skipped: no REST URL configured")
        if not base.startswith(("http://", "https://")):
            raise _ProbeFailure("invalid REST URL: http or https only")
        request = urllib.request.Request(f"{base}/statistics", headers={"Accept": "application/json"})  # noqa: S310
        if target.rest_username:
            token = base64.b64encode(f"{target.rest_username}:{target.rest_password}".encode()).decode()
            # Sent up front: waiting for the 401 challenge would double the measured latency.
            request.add_header("Authorization", f"Basic {token}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        begin = perf_counter()
        try:
            with opener.open(request, timeout=target.timeout_seconds) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            raise _ProbeFailure(f"HTTP {exc.code}") from exc
        except OSError as exc:  # URLError, timeouts while reading, resets
            raise _ProbeFailure(_http_failure_reason(target, exc)) from exc
        duration_ms = _milliseconds_since(begin)
        try:
            statistics = json.loads(body)
            values = {
                "disk_size_mb": float(statistics["TotalDiskSizeMB"]),
                "count_studies": int(statistics["CountStudies"]),
            }
        except (ValueError, TypeError, KeyError) as exc:
            raise _ProbeFailure(f"unexpected /statistics response: {exc!r}") from exc
        for key, name in (("CountInstances", "count_instances"), ("CountPatients", "count_patients")):
            if key in statistics:
                values[name] = int(statistics[key])
        if "TotalDiskSize" in statistics:
            values["disk_size_bytes"] = int(statistics["TotalDiskSize"])
        return duration_ms, values

    return _run_check(CHECK_STATISTICS, measure)
