"""Demo interface probes: the RIS-to-PACS orders over HL7 v2, the clinical viewer's DICOMweb
retrieval from the VNA and the AI's FHIR triage flags to the RIS engine, each measured every two
minutes against the demo interface services that ``make run`` serves (``python -m
devtools.listeners``). Their settings come from the JSON file named by ``DEMO_LISTENERS``
(written by ``make run``); without it the probes are created inactive, and a later run with it
points them (and their interfaces' endpoints) at the services and switches them on.

``scripts/listeners.sh stop hl7`` or ``scripts/listeners.sh ack AE`` then makes the orders probe
fail: after ``failure_threshold`` runs it opens an interface incident (on the dashboard and in the
hospital's notifications); ``start hl7`` or ``ack AA`` and the next run close it."""

import os
from dataclasses import dataclass
from pathlib import Path

from devtools.listeners.demo import (
    DEMO_DICOMWEB_PORT,
    DEMO_FHIR_PORT,
    DEMO_HL7_PORT,
    DEMO_PATIENT_ID,
    DICOMWEB_ROOT,
    FHIR_ROOT,
    DemoListeners,
)
from devtools.orthanc.server import LOOPBACK
from devtools.seeding import DemoSeeder
from kpis.models import Probe
from kpis.services.probe_config import probe_save
from vendors.models import Interface

LISTENERS_ENV = "DEMO_LISTENERS"
PROBE_INTERVAL_MINUTES = 2


@dataclass(frozen=True)
class _InterfaceProbe:
    interface: str  # the demo interface's name (devtools/demo/vendors_interfaces.py)
    name: str
    kind: str


PROBES = (
    _InterfaceProbe("Orders (ORM^O01)", "Orders into the PACS (demo HL7 listener)", Probe.Kind.HL7_MLLP),
    _InterfaceProbe("Viewer retrieval (QIDO-RS, WADO-RS)", "VNA DICOMweb (demo service)", Probe.Kind.DICOMWEB),
    _InterfaceProbe("Fracture triage flags", "RIS engine FHIR (demo service)", Probe.Kind.FHIR),
)


def demo_listeners() -> DemoListeners | None:
    """The demo services' settings from the file named by ``DEMO_LISTENERS``, if set and readable."""
    path = os.environ.get(LISTENERS_ENV)
    if not path:
        return None
    try:
        return DemoListeners.read(Path(path))
    except (OSError, ValueError):
        return None


def _settings(kind: str, listeners: DemoListeners | None) -> tuple[dict[str, object], str]:
    """The probe's target fields and its interface's endpoint, at the services or their default ports."""
    host = listeners.host if listeners else LOOPBACK
    if kind == Probe.Kind.HL7_MLLP:
        port = listeners.hl7_port if listeners else DEMO_HL7_PORT
        fields = {
            "host": host,
            "port": port,
            "hl7_message_type": Probe.Hl7MessageType.ORM_O01,
            "hl7_receiving_application": "DEMOPACS",
            "test_patient_id": listeners.patient_id if listeners else DEMO_PATIENT_ID,
        }
        return fields, f"{host}:{port}"
    if kind == Probe.Kind.DICOMWEB:
        url = listeners.dicomweb_url if listeners else f"http://{host}:{DEMO_DICOMWEB_PORT}{DICOMWEB_ROOT}"
        return {"base_url": url, "test_study_uid": listeners.study_uid if listeners else ""}, url
    url = listeners.fhir_url if listeners else f"http://{host}:{DEMO_FHIR_PORT}{FHIR_ROOT}"
    patient = listeners.patient_id if listeners else DEMO_PATIENT_ID
    return {"base_url": url, "fhir_search": f"ImagingStudy?patient={patient}"}, url


def seed_interface_probes(demo: DemoSeeder) -> None:
    listeners = demo_listeners()
    interfaces = {
        interface.name: interface
        for interface in Interface.objects.filter(name__in=[spec.interface for spec in PROBES]).select_related(
            "target__vendor"
        )
    }
    for spec in PROBES:
        interface = interfaces.get(spec.interface)
        if interface is None:
            continue
        fields, endpoint = _settings(spec.kind, listeners)
        fields["active"] = listeners is not None
        probe = Probe.objects.filter(interface=interface, name=spec.name).first()
        if probe is None:
            probe = Probe(
                vendor=interface.target.vendor,
                component=interface.target,
                interface=interface,
                name=spec.name,
                kind=spec.kind,
                interval_minutes=PROBE_INTERVAL_MINUTES,
            )
            created = True
        elif listeners is None:
            continue
        else:
            created = False
        changed = [field for field, value in fields.items() if getattr(probe, field) != value]
        for field in changed:
            setattr(probe, field, fields[field])
        if created or changed:
            probe_save(probe=probe)
        demo.count_created("interface probes", created)
        if listeners is not None and interface.endpoint != endpoint:
            interface.endpoint = endpoint
            interface.save(update_fields=["endpoint", "updated_at"])
