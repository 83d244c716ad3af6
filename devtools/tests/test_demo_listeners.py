"""The demo interface services of `make run` (devtools/listeners/) and the demo probes that
measure them (devtools/demo/kpis_interfaces.py): served the way make run serves them (``prepare``,
then ``serve`` as a process of its own), measured by the real probes, and taken down or told to
answer AE by the commands the README gives, which opens an interface incident that the dashboard
and the hospital's notifications show; the recovery closes it."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.testing.parallel import free_port
from devtools.demo import accounts as accounts_demo
from devtools.demo import kpis_interfaces as demo
from devtools.demo import vendors as vendors_demo
from devtools.listeners.demo import DemoListeners, listeners_prepare
from devtools.orthanc.server import port_open
from devtools.seeding import DemoSeeder
from kpis.models import Probe
from kpis.services.probes import probe_run
from notifications.models import Notification
from slas.models import Incident
from vendors.models import Interface


def listeners_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "devtools.listeners", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def wait_until(condition: object, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[DemoListeners]:
    """The services as make run starts them: ``prepare`` then ``serve`` (Procfile ``listeners``)."""
    listeners = listeners_prepare(tmp_path, hl7_port=free_port(), dicomweb_port=free_port(), fhir_port=free_port())
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "devtools.listeners", "serve", str(tmp_path)],
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert wait_until(lambda: (tmp_path / "serve.log").read_text().count(" answers: ") == 3)
        yield listeners
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()
    assert serve.returncode == 0
    assert not any(port_open(listeners.host, listeners.port(name)) for name in ("hl7", "dicomweb", "fhir"))


def test_prepare_keeps_the_test_study_and_clears_the_controls(tmp_path: Path) -> None:
    first = listeners_prepare(tmp_path, hl7_port=12575, dicomweb_port=18044, fhir_port=18045)
    (tmp_path / "hl7.stop").touch()
    (tmp_path / "hl7.ack").write_text("AE\n")
    second = listeners_prepare(tmp_path, hl7_port=22575, dicomweb_port=28044, fhir_port=28045)

    assert (second.study_uid, second.series_uid) == (first.study_uid, first.series_uid)
    assert (second.hl7_port, second.dicomweb_port, second.fhir_port) == (22575, 28044, 28045)
    assert DemoListeners.read(tmp_path / "listeners.json") == second
    assert not (tmp_path / "hl7.stop").exists()
    assert not (tmp_path / "hl7.ack").exists()


@pytest.mark.django_db
def test_the_interface_probes_are_inactive_until_the_services_are_configured_then_point_at_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendors_demo.seed(DemoSeeder())
    monkeypatch.delenv(demo.LISTENERS_ENV, raising=False)
    seeder = DemoSeeder()
    demo.seed_interface_probes(seeder)

    assert seeder.created == {"interface probes": 3}
    probes = Probe.objects.select_related("interface", "component__vendor").order_by("pk")
    assert [(p.kind, str(p.interface), p.component.name, p.active) for p in probes] == [
        ("hl7_mllp", "Orders (ORM^O01)", "Enterprise Archive", False),
        ("dicomweb", "Viewer retrieval (QIDO-RS, WADO-RS)", "Vendor Neutral Archive", False),
        ("fhir", "Fracture triage flags", "RIS/HL7 Interface Engine", False),
    ]

    listeners = listeners_prepare(tmp_path, hl7_port=22575, dicomweb_port=28044, fhir_port=28045)
    monkeypatch.setenv(demo.LISTENERS_ENV, str(tmp_path / "listeners.json"))
    demo.seed_interface_probes(DemoSeeder())

    hl7, dicomweb, fhir = probes.all()
    assert all(probe.active for probe in (hl7, dicomweb, fhir))
    assert (hl7.host, hl7.port, hl7.hl7_message_type, hl7.test_patient_id) == (
        "127.0.0.1",
        22575,
        "ORM^O01",
        "PVD-TEST-0001",
    )
    assert (dicomweb.base_url, dicomweb.port, dicomweb.test_study_uid) == (
        "http://127.0.0.1:28044/dicom-web",
        28044,
        listeners.study_uid,
    )
    assert (fhir.base_url, fhir.fhir_search) == ("http://127.0.0.1:28045/fhir", "ImagingStudy?patient=PVD-TEST-0001")
    endpoints = dict(Interface.objects.filter(probes__isnull=False).values_list("name", "endpoint"))
    assert endpoints == {
        "Orders (ORM^O01)": "127.0.0.1:22575",
        "Viewer retrieval (QIDO-RS, WADO-RS)": "http://127.0.0.1:28044/dicom-web",
        "Fracture triage flags": "http://127.0.0.1:28045/fhir",
    }
    unchanged = list(Probe.objects.order_by("pk").values())
    seeder = DemoSeeder()
    demo.seed_interface_probes(seeder)
    assert seeder.created == {}
    assert list(Probe.objects.order_by("pk").values()) == unchanged


@pytest.mark.django_db
def test_the_probes_pass_then_ae_and_a_stopped_listener_open_an_interface_incident_that_recovery_closes(
    served: DemoListeners, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staff_client: Client
) -> None:
    vendors_demo.seed(DemoSeeder())
    accounts_demo.seed(DemoSeeder())  # the hospital's admins hear of outages our probes find
    monkeypatch.setenv(demo.LISTENERS_ENV, str(tmp_path / "listeners.json"))
    demo.seed_interface_probes(DemoSeeder())
    hl7, dicomweb, fhir = Probe.objects.order_by("pk")

    runs = [probe_run(probe=probe) for probe in (hl7, dicomweb, fhir)]
    assert [[(result["check"], result["ok"]) for result in run.results] for run in runs] == [
        [("hl7_ack", True)],
        [("qido", True), ("wado", True)],
        [("fhir_metadata", True), ("fhir_search", True)],
    ]
    assert runs[0].results[0]["values"]["ack_code"] == "AA"
    assert runs[2].results[1]["values"] == {"entries": 1, "total": 1}

    # The README's way to make the RIS engine's orders fail: the listener answers AE.
    assert listeners_command("ack", "AE", str(tmp_path)).returncode == 0
    for _ in range(hl7.failure_threshold):
        run = probe_run(probe=hl7)
    assert run.results[0]["reason"] == "acknowledged AE (application error): Demo listener told to answer AE"
    hl7.refresh_from_db()
    incident = Incident.objects.get(pk=hl7.open_incident_id)
    assert incident.ended_at is None
    assert incident.detected_by == Incident.DetectedBy.MONITORING
    assert "acknowledged AE" in incident.summary
    dashboard = staff_client.get(f"/kpis/dashboard/{hl7.vendor_id}/").content.decode()
    assert "Orders (ORM^O01)" in dashboard
    assert ">Incident open</span>" in dashboard
    told = Notification.objects.filter(url=incident.get_absolute_url())
    assert told.filter(recipient__username="admin").exists()

    assert listeners_command("ack", "AA", str(tmp_path)).returncode == 0
    assert probe_run(probe=hl7).ok
    incident.refresh_from_db()
    assert incident.ended_at is not None

    # Stopping the listener: the connection is refused until it starts again.
    stopped = listeners_command("stop", "hl7", str(tmp_path))
    assert stopped.returncode == 0, stopped.stdout
    assert "hl7: stopped on request" in listeners_command("status", str(tmp_path)).stdout
    for _ in range(hl7.failure_threshold):
        run = probe_run(probe=hl7)
    assert run.results[0]["reason"] == "connection refused"
    hl7.refresh_from_db()
    reopened = Incident.objects.get(pk=hl7.open_incident_id)
    assert reopened.pk != incident.pk
    assert ">Incident open</span>" in staff_client.get(f"/kpis/dashboard/{hl7.vendor_id}/").content.decode()

    started = listeners_command("start", "hl7", str(tmp_path))
    assert started.returncode == 0, started.stdout
    assert probe_run(probe=hl7).ok
    reopened.refresh_from_db()
    assert reopened.ended_at is not None
    # The other services kept answering throughout.
    assert probe_run(probe=fhir).ok
    assert probe_run(probe=dicomweb).ok
