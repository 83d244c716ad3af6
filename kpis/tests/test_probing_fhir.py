"""FHIR probes against a real local HTTP server (kpis/tests/httpd.py) that answers like a FHIR
server (the CapabilityStatement, an ImagingStudy search) or slowly, with errors, with something
else, or not at all."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kpis.models import KpiSample, Probe
from kpis.probing.checks import run_checks
from kpis.probing.results import AUTH_BEARER, KIND_FHIR, ProbeTarget
from kpis.services.probe_config import probe_save
from kpis.services.probes import probe_run
from kpis.tests.httpd import HttpResponder, running_responder
from slas.models import Incident
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory

FHIR_JSON = "application/fhir+json"
ROOT = "/fhir"
SEARCH = "ImagingStudy?patient=PVD-TEST-0001"


def capability_statement(query: dict[str, str]) -> tuple[int, str, Any]:
    return (
        200,
        FHIR_JSON,
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "fhirVersion": "4.0.1",
            "kind": "instance",
            "software": {"name": "EHR FHIR Gateway", "version": "5.2"},
            "format": ["json"],
        },
    )


def imaging_studies(query: dict[str, str]) -> tuple[int, str, Any]:
    entries = [{"resource": {"resourceType": "ImagingStudy", "id": "1"}}] if query.get("patient") else []
    return 200, FHIR_JSON, {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}


ROUTES = {f"{ROOT}/metadata": capability_statement, f"{ROOT}/ImagingStudy": imaging_studies}


@pytest.fixture
def server() -> Iterator[HttpResponder]:
    with running_responder(dict(ROUTES)) as responder:
        yield responder


def target(server: HttpResponder, *, search: str = SEARCH, **fields: Any) -> ProbeTarget:
    values: dict[str, Any] = {
        "ae_title": "",
        "host": "127.0.0.1",
        "port": server.port,
        "calling_ae_title": "",
        "timeout_seconds": 1,
        "kind": KIND_FHIR,
        "base_url": server.url(ROOT),
        "fhir_search": search,
    }
    return ProbeTarget(**{**values, **fields})


def by_check(results: list) -> dict[str, Any]:
    return {result.check: result for result in results}


# --- the checks ----------------------------------------------------------------------------------


def test_the_capability_statement_and_the_search_are_read_and_timed(server: HttpResponder) -> None:
    results = by_check(run_checks(target(server)))
    assert list(results) == ["fhir_metadata", "fhir_search"]
    metadata, search = results["fhir_metadata"], results["fhir_search"]
    assert metadata.ok, metadata.reason
    assert metadata.values == {"fhir_version": "4.0.1", "status": "active", "software": "EHR FHIR Gateway 5.2"}
    assert 0 < metadata.duration_ms < 1000
    assert search.ok, search.reason
    assert search.values == {"entries": 1, "total": 1}
    assert [(request.path, request.query) for request in server.requests] == [
        (f"{ROOT}/metadata", {}),
        (f"{ROOT}/ImagingStudy", {"patient": "PVD-TEST-0001"}),
    ]
    assert server.requests[0].headers["Accept"] == FHIR_JSON


def test_without_a_search_only_the_capability_statement_is_read(server: HttpResponder) -> None:
    (result,) = run_checks(target(server, search=""))
    assert result.check == "fhir_metadata"
    assert result.ok, result.reason


def test_a_capability_statement_without_a_version_or_another_resource_fails(server: HttpResponder) -> None:
    server.routes[f"{ROOT}/metadata"] = lambda query: (200, FHIR_JSON, {"resourceType": "CapabilityStatement"})
    result = run_checks(target(server))[0]
    assert result.reason == "the CapabilityStatement names no fhirVersion"
    server.routes[f"{ROOT}/metadata"] = lambda query: (200, FHIR_JSON, {"resourceType": "Patient", "id": "1"})
    result = run_checks(target(server))[0]
    assert result.reason == "expected a CapabilityStatement, got Patient"


def test_an_operation_outcome_fails_with_its_diagnostics(server: HttpResponder) -> None:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "not-supported", "diagnostics": "Unknown search parameter patient"}],
    }
    server.routes[f"{ROOT}/ImagingStudy"] = lambda query: (200, FHIR_JSON, outcome)
    results = by_check(run_checks(target(server)))
    assert results["fhir_metadata"].ok
    assert results["fhir_search"].reason == "the server answered an OperationOutcome: Unknown search parameter patient"


def test_a_search_answered_with_another_bundle_fails(server: HttpResponder) -> None:
    server.routes[f"{ROOT}/ImagingStudy"] = lambda query: (200, FHIR_JSON, {"resourceType": "Bundle", "type": "batch"})
    results = by_check(run_checks(target(server)))
    assert results["fhir_search"].reason == "expected a searchset Bundle, got Bundle"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "HTTP 500"),
        ("html", "unexpected content type text/html"),
        ("garbage", "the answer is not valid JSON"),
        ("slow", "timed out after 1 s waiting for HTTP"),
        ("drop", "connection failed: Remote end closed connection without response"),
    ],
)
def test_each_failure_of_the_server_fails_the_capability_statement_and_skips_the_search(
    server: HttpResponder, mode: str, reason: str
) -> None:
    server.mode, server.delay_seconds = mode, 2
    results = by_check(run_checks(target(server)))
    assert not results["fhir_metadata"].ok
    assert results["fhir_metadata"].reason.startswith(reason)
    assert results["fhir_search"].skipped
    assert len(server.requests) == 1


def test_a_stopped_server_refuses_the_connection(server: HttpResponder) -> None:
    server.stop()
    result = run_checks(target(server))[0]
    assert (result.ok, result.reason) == (False, "connection refused")


def test_a_bearer_token_is_sent(server: HttpResponder) -> None:
    run_checks(target(server, http_auth=AUTH_BEARER, rest_password="ehr-token"))
    assert {request.headers["Authorization"] for request in server.requests} == {"Bearer ehr-token"}


# --- the probe: samples and incidents ------------------------------------------------------------


@pytest.fixture
def fhir_probe(db: None, vendor: Vendor, server: HttpResponder) -> Probe:
    ehr = ComponentFactory(vendor=vendor, name="EHR FHIR Gateway")
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    return probe_save(
        probe=Probe(
            vendor=vendor,
            component=archive,
            interface=InterfaceFactory(name="Imaging studies to the EHR (FHIR)", source=archive, target=ehr),
            kind=Probe.Kind.FHIR,
            name="EHR FHIR",
            base_url=server.url(ROOT) + "/",
            fhir_search=f" /{SEARCH} ",
            timeout_seconds=1,
            failure_threshold=2,
        )
    )


def test_a_run_records_both_times(fhir_probe: Probe) -> None:
    assert fhir_probe.fhir_search == SEARCH
    run = probe_run(probe=fhir_probe)
    assert (run.reachable, run.ok) == (True, True)
    values = dict(KpiSample.objects.filter(vendor=fhir_probe.vendor).values_list("kpi__code", "value"))
    metadata, search = run.results
    assert values["probe_success"] == 1
    assert float(values["fhir_response_time"]) == pytest.approx(metadata["duration_ms"], abs=0.001)
    assert float(values["fhir_search_time"]) == pytest.approx(search["duration_ms"], abs=0.001)


def test_a_failing_server_opens_an_incident_and_recovery_closes_it(fhir_probe: Probe, server: HttpResponder) -> None:
    first = timezone.now() - datetime.timedelta(minutes=30)
    server.mode, server.delay_seconds = "slow", 2
    probe_run(probe=fhir_probe, now=first)
    assert not Incident.objects.exists()
    probe_run(probe=fhir_probe, now=first + datetime.timedelta(minutes=5))

    incident = Incident.objects.get()
    assert incident.title == "EHR FHIR not answering FHIR requests"
    assert incident.started_at == first
    assert "timed out after 1 s waiting for HTTP" in incident.summary

    server.mode = "ok"
    recovered = probe_run(probe=fhir_probe, now=first + datetime.timedelta(minutes=10))
    assert recovered.ok
    incident.refresh_from_db()
    assert incident.ended_at == first + datetime.timedelta(minutes=10)


def test_a_search_is_a_resource_type_with_its_parameters(fhir_probe: Probe) -> None:
    fhir_probe.fhir_search = "https://other.example/ImagingStudy"
    with pytest.raises(ValidationError) as raised:
        probe_save(probe=fhir_probe)
    assert "a resource type and its parameters" in raised.value.message_dict["fhir_search"][0]
    fhir_probe.fhir_search, fhir_probe.base_url = "", ""
    with pytest.raises(ValidationError) as raised:
        probe_save(probe=fhir_probe)
    assert raised.value.message_dict == {"base_url": ["Give the FHIR server's base URL."]}


def test_the_probes_page_shows_the_fhir_checks(staff_client: Client, fhir_probe: Probe) -> None:
    probe_run(probe=fhir_probe)
    page = staff_client.get(f"/kpis/probes/{fhir_probe.pk}/").content.decode()
    assert "CapabilityStatement (FHIR)" in page
    assert "FHIR 4.0.1 (active) · EHR FHIR Gateway 5.2" in page
    assert "1 on the first page of 1" in page
    assert SEARCH in page
