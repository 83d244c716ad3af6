"""The FHIR checks (REST API, R4 and later; DSTU2 and STU3 answer the same shape), over HTTP
(``http.py``).

- ``fhir_metadata``: ``GET [base]/metadata``. The answer must be 200 with FHIR JSON
  (``application/fhir+json``, or ``application/json``) holding a CapabilityStatement (a
  Conformance before STU3) that names its ``fhirVersion``; its version, publication status and
  software are kept in ``values``.
- ``fhir_search``: ``GET [base]/{search}``, e.g. ``ImagingStudy?patient=PVD-TEST-0001``. The answer
  must be a ``searchset`` Bundle; its total (when the server counts) and the entries on the
  first page are kept. An OperationOutcome instead is a failure with its diagnostics.

Each is timed from the request to the end of the answer.
"""

from typing import Any

from kpis.probing.http import HttpAnswer, base_url, http_get
from kpis.probing.results import (
    CHECK_FHIR_METADATA,
    CHECK_FHIR_SEARCH,
    ProbeResult,
    ProbeTarget,
    _ProbeFailure,
    _run_check,
)

FHIR_JSON = "application/fhir+json"
ACCEPTED_MEDIA_TYPES = (FHIR_JSON, "application/json", "application/json+fhir")
CAPABILITY_RESOURCES = ("CapabilityStatement", "Conformance")


def _resource(answer: HttpAnswer) -> dict[str, Any]:
    resource = answer.json(ACCEPTED_MEDIA_TYPES)
    if not isinstance(resource, dict):
        raise _ProbeFailure("the answer is not a FHIR resource")
    if resource.get("resourceType") == "OperationOutcome":
        issues = resource.get("issue") or [{}]
        first = issues[0] if isinstance(issues[0], dict) else {}
        detail = first.get("diagnostics") or (first.get("details") or {}).get("text") or first.get("code") or ""
        raise _ProbeFailure(f"the server answered an OperationOutcome: {detail}".rstrip(": "))
    return resource


def _get(target: ProbeTarget, path: str) -> tuple[HttpAnswer, dict[str, Any]]:
    answer = http_get(target, f"{base_url(target.base_url)}/{path}", accept=FHIR_JSON, auth=target.http_auth)
    return answer, _resource(answer)


def fhir_metadata(target: ProbeTarget) -> ProbeResult:
    """The server's CapabilityStatement: FHIR version, status, software."""

    def measure() -> tuple[float, dict[str, Any]]:
        answer, statement = _get(target, "metadata")
        kind = statement.get("resourceType")
        if kind not in CAPABILITY_RESOURCES:
            raise _ProbeFailure(f"expected a CapabilityStatement, got {kind or 'no resourceType'}")
        version = statement.get("fhirVersion")
        if not version:
            raise _ProbeFailure("the CapabilityStatement names no fhirVersion")
        values = {"fhir_version": str(version), "status": str(statement.get("status") or "")}
        software = statement.get("software")
        if isinstance(software, dict) and software.get("name"):
            values["software"] = " ".join(str(part) for part in (software["name"], software.get("version")) if part)
        return answer.duration_ms, values

    return _run_check(CHECK_FHIR_METADATA, measure)


def fhir_search(target: ProbeTarget) -> ProbeResult:
    """The configured search: a searchset Bundle, its total and the entries of its first page."""

    def measure() -> tuple[float, dict[str, Any]]:
        search = target.fhir_search.lstrip("/")
        if not search:
            raise _ProbeFailure("skipped: no search configured")
        answer, bundle = _get(target, search)
        if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "searchset":
            raise _ProbeFailure(f"expected a searchset Bundle, got {bundle.get('resourceType') or 'no resourceType'}")
        entries = bundle.get("entry") or []
        if not isinstance(entries, list):
            raise _ProbeFailure("the Bundle's entry is not a list")
        values: dict[str, Any] = {"entries": len(entries)}
        if isinstance(bundle.get("total"), int):
            values["total"] = bundle["total"]
        return answer.duration_ms, values

    return _run_check(CHECK_FHIR_SEARCH, measure)
