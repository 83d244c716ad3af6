"""DICOMweb probes against a real local HTTP server (kpis/tests/httpd.py) that answers QIDO-RS
and WADO-RS the way PS3.18 says, or slowly, with errors, with something else, or not at all.
(The installed Orthanc has no DICOMweb plugin, so the server is the test's own.)"""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from kpis.models import KpiSample, Probe
from kpis.probing.checks import run_checks
from kpis.probing.results import AUTH_BASIC, AUTH_BEARER, KIND_DICOMWEB, ProbeTarget
from kpis.services.probe_config import probe_save
from kpis.services.probes import probe_run
from kpis.tests.httpd import HttpResponder, running_responder
from slas.models import Incident
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory

STUDY = "1.2.826.0.1.3680043.8.498.1"
SERIES = "1.2.826.0.1.3680043.8.498.1.1"
INSTANCE = "1.2.826.0.1.3680043.8.498.1.1.1"
DICOM_JSON = "application/dicom+json"
ROOT = "/dicom-web"


def uid(tag_value: str) -> dict[str, Any]:
    return {"vr": "UI", "Value": [tag_value]}


def studies(query: dict[str, str]) -> tuple[int, str, Any]:
    wanted = query.get("StudyInstanceUID")
    if wanted and wanted != STUDY:
        return 200, DICOM_JSON, []
    return 200, DICOM_JSON, [{"0020000D": uid(STUDY), "00100020": {"vr": "LO", "Value": ["PVD-TEST-0001"]}}]


def instances(query: dict[str, str]) -> tuple[int, str, Any]:
    return 200, DICOM_JSON, [{"0020000D": uid(STUDY), "0020000E": uid(SERIES), "00080018": uid(INSTANCE)}]


def metadata(query: dict[str, str]) -> tuple[int, str, Any]:
    return 200, DICOM_JSON, [{"0020000E": uid(SERIES), "00080018": uid(INSTANCE), "00080060": {"vr": "CS"}}]


ROUTES = {
    f"{ROOT}/studies": studies,
    f"{ROOT}/studies/{STUDY}/instances": instances,
    f"{ROOT}/studies/{STUDY}/series/{SERIES}/instances/{INSTANCE}/metadata": metadata,
}


@pytest.fixture
def server() -> Iterator[HttpResponder]:
    with running_responder(dict(ROUTES)) as responder:
        yield responder


def target(server: HttpResponder, *, study: str | None = STUDY, **fields: Any) -> ProbeTarget:
    values: dict[str, Any] = {
        "ae_title": "",
        "host": "127.0.0.1",
        "port": server.port,
        "calling_ae_title": "",
        "test_study_uid": study,
        "timeout_seconds": 1,
        "kind": KIND_DICOMWEB,
        "base_url": server.url(ROOT) + "/",
    }
    return ProbeTarget(**{**values, **fields})


def by_check(results: list) -> dict[str, Any]:
    return {result.check: result for result in results}


# --- the checks ----------------------------------------------------------------------------------


def test_the_search_finds_the_test_study_and_its_metadata_is_retrieved(server: HttpResponder) -> None:
    results = by_check(run_checks(target(server)))
    assert list(results) == ["qido", "wado"]
    qido, wado = results["qido"], results["wado"]
    assert qido.ok, qido.reason
    assert 0 < qido.duration_ms < 1000
    assert qido.values == {"studies": 1, "study_found": True}
    assert wado.ok, wado.reason
    assert wado.values["instance_uid"] == INSTANCE
    assert 0 < wado.duration_ms < 1000
    first = server.requests[0]
    assert (first.path, first.query) == (f"{ROOT}/studies", {"limit": "1", "StudyInstanceUID": STUDY})
    assert first.headers["Accept"] == DICOM_JSON
    assert "Authorization" not in first.headers
    assert [request.path for request in server.requests[1:]] == [
        f"{ROOT}/studies/{STUDY}/instances",
        f"{ROOT}/studies/{STUDY}/series/{SERIES}/instances/{INSTANCE}/metadata",
    ]


def test_without_a_test_study_only_the_search_runs(server: HttpResponder) -> None:
    (result,) = run_checks(target(server, study=None))
    assert result.ok, result.reason
    assert result.values == {"studies": 1}
    assert server.requests[0].query == {"limit": "1"}


def test_a_missing_test_study_fails_the_search(server: HttpResponder) -> None:
    results = by_check(run_checks(target(server, study="1.2.3.4")))
    assert not results["qido"].ok
    assert results["qido"].reason == "the test study 1.2.3.4 was not found"
    assert results["wado"].skipped


def test_no_content_is_an_empty_search(server: HttpResponder) -> None:
    server.routes[f"{ROOT}/studies"] = lambda query: (204, DICOM_JSON, b"")
    (result,) = run_checks(target(server, study=None))
    assert result.ok, result.reason
    assert result.values == {"studies": 0}


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "HTTP 500"),
        ("html", "unexpected content type text/html (expected application/dicom+json or application/json)"),
        ("garbage", "the answer is not valid JSON"),
        ("slow", "timed out after 1 s waiting for HTTP"),
        ("drop", "connection failed: Remote end closed connection without response"),
    ],
)
def test_each_failure_of_the_server_fails_the_search_and_skips_the_retrieval(
    server: HttpResponder, mode: str, reason: str
) -> None:
    server.mode, server.delay_seconds = mode, 2
    results = by_check(run_checks(target(server)))
    assert not results["qido"].ok
    assert results["qido"].reason.startswith(reason)
    assert results["qido"].duration_ms is None
    assert results["wado"].skipped
    assert results["wado"].reason.startswith("skipped: not reachable (")
    assert len(server.requests) == 1  # the retrieval was not attempted


def test_a_stopped_server_refuses_the_connection(server: HttpResponder) -> None:
    server.stop()
    (result, _) = run_checks(target(server))
    assert (result.ok, result.reason) == (False, "connection refused")


def test_metadata_of_another_instance_fails_the_retrieval(server: HttpResponder) -> None:
    wrong = f"{ROOT}/studies/{STUDY}/series/{SERIES}/instances/{INSTANCE}/metadata"
    server.routes[wrong] = lambda query: (200, DICOM_JSON, [{"00080018": uid("1.2.3")}])
    results = by_check(run_checks(target(server)))
    assert results["qido"].ok
    assert results["wado"].reason == f"the metadata does not describe instance {INSTANCE}"


def test_a_search_answer_that_is_not_a_list_fails(server: HttpResponder) -> None:
    server.routes[f"{ROOT}/studies"] = lambda query: (200, DICOM_JSON, {"studies": []})
    (result,) = run_checks(target(server, study=None))
    assert result.reason == "the answer is not a DICOM JSON list of datasets"


@pytest.mark.parametrize(
    ("auth", "username", "header"),
    [(AUTH_BASIC, "viewer", "Basic dmlld2VyOnMzY3JldA=="), (AUTH_BEARER, "", "Bearer s3cret")],
)
def test_it_signs_in_as_configured(server: HttpResponder, auth: str, username: str, header: str) -> None:
    run_checks(target(server, http_auth=auth, rest_username=username, rest_password="s3cret"))
    assert {request.headers["Authorization"] for request in server.requests} == {header}


# --- the probe: samples and incidents ------------------------------------------------------------


@pytest.fixture
def dicomweb_probe(db: None, vendor: Vendor, server: HttpResponder) -> Probe:
    viewer = ComponentFactory(vendor=vendor, name="Web viewer")
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    return probe_save(
        probe=Probe(
            vendor=vendor,
            component=archive,
            interface=InterfaceFactory(name="Viewer to archive (DICOMweb)", source=viewer, target=archive),
            kind=Probe.Kind.DICOMWEB,
            name="Archive DICOMweb",
            base_url=server.url(ROOT),
            test_study_uid=STUDY,
            http_auth=Probe.HttpAuth.BEARER,
            timeout_seconds=1,
            failure_threshold=2,
        ),
        rest_password="token-123",
    )


def test_the_host_and_port_are_the_base_urls(dicomweb_probe: Probe, server: HttpResponder) -> None:
    assert (dicomweb_probe.host, dicomweb_probe.port) == ("127.0.0.1", server.port)
    assert dicomweb_probe.ae_title == ""


def test_a_run_records_the_search_and_retrieval_times(dicomweb_probe: Probe, server: HttpResponder) -> None:
    run = probe_run(probe=dicomweb_probe)
    assert (run.reachable, run.ok) == (True, True)
    values = dict(KpiSample.objects.filter(vendor=dicomweb_probe.vendor).values_list("kpi__code", "value"))
    assert values["probe_success"] == 1
    qido, wado = run.results
    assert float(values["dicomweb_query_time"]) == pytest.approx(qido["duration_ms"], abs=0.001)
    assert float(values["dicomweb_retrieve_time"]) == pytest.approx(wado["duration_ms"], abs=0.001)
    assert server.requests[0].headers["Authorization"] == "Bearer token-123"


def test_a_failing_service_opens_an_incident_and_recovery_closes_it(
    dicomweb_probe: Probe, server: HttpResponder
) -> None:
    first = timezone.now() - datetime.timedelta(minutes=30)
    server.mode = "error"
    failed = probe_run(probe=dicomweb_probe, now=first)
    assert (failed.reachable, failed.ok) == (False, False)
    assert not Incident.objects.exists()
    probe_run(probe=dicomweb_probe, now=first + datetime.timedelta(minutes=5))

    incident = Incident.objects.get()
    assert incident.title == "Archive DICOMweb not answering DICOMweb searches"
    assert incident.started_at == first
    assert "HTTP 500" in incident.summary
    assert list(incident.components.all()) == [dicomweb_probe.component]
    codes = set(KpiSample.objects.filter(vendor=dicomweb_probe.vendor).values_list("kpi__code", flat=True))
    assert codes == {"probe_success"}

    server.mode = "ok"
    recovered = probe_run(probe=dicomweb_probe, now=first + datetime.timedelta(minutes=10))
    assert recovered.ok
    incident.refresh_from_db()
    assert incident.ended_at == first + datetime.timedelta(minutes=10)
    dicomweb_probe.refresh_from_db()
    assert (dicomweb_probe.consecutive_failures, dicomweb_probe.open_incident_id) == (0, None)


# --- the rules of a DICOMweb probe ---------------------------------------------------------------


def _errors(probe: Probe, **password: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        probe_save(probe=probe, **password)
    return raised.value.message_dict


def test_a_dicomweb_probe_needs_its_base_url(dicomweb_probe: Probe) -> None:
    dicomweb_probe.base_url = ""
    assert _errors(dicomweb_probe) == {"base_url": ["Give the DICOMweb base URL (the root of QIDO-RS and WADO-RS)."]}
    dicomweb_probe.base_url = "ftp://archive.example/dicom-web"
    assert _errors(dicomweb_probe)["base_url"] == ["Give an http:// or https:// URL with a host."]


def test_an_https_url_without_a_port_means_443(dicomweb_probe: Probe) -> None:
    dicomweb_probe.base_url = "https://archive.example/dicom-web"
    probe_save(probe=dicomweb_probe)
    dicomweb_probe.refresh_from_db()
    assert (dicomweb_probe.host, dicomweb_probe.port) == ("archive.example", 443)


def test_sign_in_needs_its_credentials(dicomweb_probe: Probe) -> None:
    dicomweb_probe.http_auth = Probe.HttpAuth.BASIC
    assert "rest_username" in _errors(dicomweb_probe)
    dicomweb_probe.http_auth = Probe.HttpAuth.BEARER
    assert _errors(dicomweb_probe, clear_rest_password=True) == {
        "rest_password": ["Bearer sign-in needs the token: type it in the password field."]
    }


# --- the form, the API and the probe's page ------------------------------------------------------


def test_an_admin_adds_a_dicomweb_probe_without_host_or_port(
    admin_client: Client, vendor: Vendor, server: HttpResponder
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    data = {
        "name": "Archive DICOMweb",
        "kind": "dicomweb",
        "vendor": vendor.pk,
        "component": archive.pk,
        "base_url": "https://archive.example:8443/dicom-web/",
        "http_auth": "bearer",
        "rest_password": "token-123",
        "test_study_uid": STUDY,
        "calling_ae_title": "PACSVENDORDESK",
        "hl7_message_type": "ADT^A08",
        "hl7_sending_application": "PACSVENDORDESK",
        "interval_minutes": 5,
        "timeout_seconds": 10,
        "failure_threshold": 3,
        "active": "on",
    }
    response = admin_client.post("/kpis/probes/add/", data)

    probe = Probe.objects.get()
    assert response.status_code == 302
    assert (probe.kind, probe.host, probe.port, probe.http_auth) == ("dicomweb", "archive.example", 8443, "bearer")
    assert probe.rest_password == "token-123"
    page = admin_client.get(response["Location"]).content.decode()
    assert "https://archive.example:8443/dicom-web/" in page
    assert "Bearer token (in the password field) · secret stored (never shown)" in page
    assert "token-123" not in page

    response = admin_client.post("/kpis/probes/add/", {**data, "base_url": "", "name": "No URL"})
    assert response.status_code == 200
    assert "Give the DICOMweb base URL (the root of QIDO-RS and WADO-RS)." in response.content.decode()
    assert Probe.objects.count() == 1


def test_the_api_creates_a_dicomweb_probe_and_answers_400_without_its_url(admin_api: APIClient, vendor: Vendor) -> None:
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    payload = {
        "name": "Archive DICOMweb",
        "kind": "dicomweb",
        "vendor": vendor.pk,
        "component": archive.pk,
        "base_url": "http://archive.example/dicom-web",
        "http_auth": "basic",
        "rest_username": "viewer",
        "rest_password": "pw",
    }
    response = admin_api.post("/api/v1/probes/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["host"], response.json()["port"]) == ("archive.example", 80)
    assert "pw" not in response.json().values()

    response = admin_api.post("/api/v1/probes/", {**payload, "base_url": "", "rest_username": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"base_url", "rest_username"}
    assert Probe.objects.count() == 1


def test_the_probes_page_shows_the_dicomweb_checks(
    staff_client: Client, dicomweb_probe: Probe, server: HttpResponder
) -> None:
    probe_run(probe=dicomweb_probe)
    page = staff_client.get(f"/kpis/probes/{dicomweb_probe.pk}/").content.decode()
    assert "Study search (QIDO-RS)" in page
    assert "Instance metadata (WADO-RS)" in page
    assert "Echo (C-ECHO)" not in page
    assert server.url(ROOT) in page
