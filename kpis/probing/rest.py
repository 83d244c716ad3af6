"""Orthanc's REST ``/statistics``: storage used and study count."""

import json
from typing import Any

from kpis.probing.http import base_url, http_get
from kpis.probing.results import AUTH_BASIC, CHECK_STATISTICS, ProbeResult, ProbeTarget, _ProbeFailure, _run_check


def orthanc_statistics(target: ProbeTarget) -> ProbeResult:
    """GET ``{rest_url}/statistics`` with HTTP basic auth: storage used and object counts."""

    def measure() -> tuple[float, dict[str, Any]]:
        base = base_url(target.rest_url, "REST URL")
        answer = http_get(target, f"{base}/statistics", accept="application/json", auth=AUTH_BASIC)
        try:
            statistics = json.loads(answer.body)
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
        return answer.duration_ms, values

    return _run_check(CHECK_STATISTICS, measure)
