"""The demo interface services of `make run` (``python -m devtools.listeners COMMAND DIRECTORY``),
which the demo's HL7 v2, DICOMweb and FHIR probes measure:

- ``hl7``: an HL7 v2 listener over MLLP (the PACS taking orders) answering AA;
- ``dicomweb``: QIDO-RS and WADO-RS metadata of one synthetic test study, under ``/dicom-web``;
- ``fhir``: a CapabilityStatement and ImagingStudy search for the test patient, under ``/fhir``.

Commands:

- ``prepare`` writes ``DIRECTORY/listeners.json`` (host, ports, the test study's UIDs and the test
  patient, kept from one run to the next) and clears the controls left by an earlier run.
  ``seed_demo`` reads that file (``DEMO_LISTENERS``) to point the demo probes at the services.
- ``serve`` runs the three services until SIGTERM/SIGINT, each in the state its controls ask.
- ``stop NAME`` / ``start NAME`` close and open one service's port while ``serve`` keeps running,
  to watch its probe fail, an interface incident open and the recovery close it.
- ``ack CODE`` makes the HL7 listener answer AE or AR (an engine rejecting the orders) or AA again.
- ``status`` tells which services answer; ``halt`` ends a ``serve`` left over by a killed ``make run``.

The controls are files in DIRECTORY (``NAME.stop``, ``hl7.ack``), read by ``serve`` every
``POLL_SECONDS`` and at each HL7 message. No Django here.
"""

import argparse
import json
import os
import signal
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydicom.uid import generate_uid

from devtools.listeners.content import (
    INSTANCE_LEVEL,
    STUDY_LEVEL,
    capability_statement,
    dicom_json,
    imaging_study_bundle,
    synthetic_study,
)
from devtools.listeners.servers import LOOPBACK, Answer, HttpService, MllpService
from devtools.orthanc.demo import _pid, _say, _terminate, _wait_for
from devtools.orthanc.server import port_open

NAMES = ("hl7", "dicomweb", "fhir")
ACK_CODES = ("AA", "AE", "AR")
DEMO_HL7_PORT = 12575
DEMO_DICOMWEB_PORT = 8044  # beside the demo Orthanc's 8043
DEMO_FHIR_PORT = 8045
DEMO_PATIENT_ID = "PVD-TEST-0001"
DICOMWEB_ROOT = "/dicom-web"
FHIR_ROOT = "/fhir"
DEMO_SETTINGS = "listeners.json"
ACK_CONTROL = "hl7.ack"
SERVE_PID = "serve.pid"
SERVE_COMMAND = "devtools.listeners"  # what the server's command line contains (``python -m ...``)
POLL_SECONDS = 0.5
DICOM_JSON = "application/dicom+json"
FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class DemoListeners:
    """Where the demo services answer and what they hold (``listeners.json``)."""

    host: str
    hl7_port: int
    dicomweb_port: int
    fhir_port: int
    study_uid: str
    series_uid: str
    frame_uid: str
    patient_id: str

    @property
    def dicomweb_url(self) -> str:
        return f"http://{self.host}:{self.dicomweb_port}{DICOMWEB_ROOT}"

    @property
    def fhir_url(self) -> str:
        return f"http://{self.host}:{self.fhir_port}{FHIR_ROOT}"

    def port(self, name: str) -> int:
        return {"hl7": self.hl7_port, "dicomweb": self.dicomweb_port, "fhir": self.fhir_port}[name]

    @classmethod
    def read(cls, path: Path) -> "DemoListeners":
        """The settings in ``path``; OSError or ValueError when it is missing or malformed."""
        data = json.loads(path.read_text())
        try:
            return cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path}: {error!r}") from error

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=2) + "\n")
        temporary.replace(path)


def listeners_prepare(
    directory: Path,
    *,
    hl7_port: int = DEMO_HL7_PORT,
    dicomweb_port: int = DEMO_DICOMWEB_PORT,
    fhir_port: int = DEMO_FHIR_PORT,
) -> DemoListeners:
    """Write ``listeners.json`` for these ports, keeping the test study of an earlier run, and
    clear the controls (every service up, the HL7 listener answering AA)."""
    path = directory / DEMO_SETTINGS
    try:
        earlier: DemoListeners | None = DemoListeners.read(path)
    except (OSError, ValueError):
        earlier = None
    settings = DemoListeners(
        host=LOOPBACK,
        hl7_port=hl7_port,
        dicomweb_port=dicomweb_port,
        fhir_port=fhir_port,
        study_uid=earlier.study_uid if earlier else generate_uid(),
        series_uid=earlier.series_uid if earlier else generate_uid(),
        frame_uid=earlier.frame_uid if earlier else generate_uid(),
        patient_id=DEMO_PATIENT_ID,
    )
    settings.write(path)
    for name in NAMES:
        (directory / f"{name}.stop").unlink(missing_ok=True)
    (directory / ACK_CONTROL).unlink(missing_ok=True)
    return settings


def ack_code(directory: Path) -> str:
    """The code the HL7 listener answers with now: ``hl7.ack``'s, AA without one."""
    try:
        code = (directory / ACK_CONTROL).read_text().strip().upper()
    except OSError:
        return "AA"
    return code if code in ACK_CODES else "AA"


class _DicomWeb:
    """The QIDO-RS and WADO-RS answers for the test study."""

    def __init__(self, settings: DemoListeners) -> None:
        self.study_uid = settings.study_uid
        uids = (settings.study_uid, settings.series_uid, settings.frame_uid)
        self.instances = synthetic_study(*uids, settings.patient_id)
        self.by_path = {
            f"{DICOMWEB_ROOT}/studies/{self.study_uid}/series/{dataset.SeriesInstanceUID}"
            f"/instances/{dataset.SOPInstanceUID}/metadata": dataset
            for dataset in self.instances
        }

    def answer(self, path: str, query: dict[str, str]) -> Answer:
        limit = int(query["limit"]) if query.get("limit", "").isdigit() else len(self.instances)
        if path == f"{DICOMWEB_ROOT}/studies":
            wanted = query.get("StudyInstanceUID")
            if wanted not in (None, self.study_uid):
                return 204, DICOM_JSON, []
            return 200, DICOM_JSON, [dicom_json(self.instances[0], STUDY_LEVEL)][:limit]
        if path == f"{DICOMWEB_ROOT}/studies/{self.study_uid}/instances":
            return 200, DICOM_JSON, [dicom_json(dataset, INSTANCE_LEVEL) for dataset in self.instances][:limit]
        if path in self.by_path:
            return 200, DICOM_JSON, [dicom_json(self.by_path[path])]
        return 404, "application/json", {"error": f"nothing at {path}"}


def _fhir(settings: DemoListeners) -> Any:
    def answer(path: str, query: dict[str, str]) -> Answer:
        if path == f"{FHIR_ROOT}/metadata":
            return 200, FHIR_JSON, capability_statement()
        if path == f"{FHIR_ROOT}/ImagingStudy":
            bundle = imaging_study_bundle(settings.patient_id, query.get("patient", ""), settings.study_uid)
            return 200, FHIR_JSON, bundle
        outcome = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found"}]}
        return 404, FHIR_JSON, outcome

    return answer


class _Supervisor:
    """Keeps each service in the state its control asks for until told to end; then stops them."""

    def __init__(self, directory: Path, settings: DemoListeners, ending: threading.Event) -> None:
        self.directory = directory
        self.ending = ending
        self.services = {
            "hl7": MllpService(settings.hl7_port, lambda: ack_code(directory)),
            "dicomweb": HttpService(settings.dicomweb_port, _DicomWeb(settings).answer),
            "fhir": HttpService(settings.fhir_port, _fhir(settings)),
        }
        self.urls = {
            "hl7": f"MLLP {settings.host}:{settings.hl7_port}",
            "dicomweb": settings.dicomweb_url,
            "fhir": settings.fhir_url,
        }

    def step(self) -> None:
        for name, service in self.services.items():
            wanted = not (self.directory / f"{name}.stop").exists()
            if wanted and not service.running:
                try:
                    service.start()
                except OSError as error:
                    _say(f"{name} did not start on port {service.port}: {error}; trying again")
                    continue
                _say(f"{name} answers: {self.urls[name]}")
            elif not wanted and service.running:
                service.stop()
                _say(f"{name} stopped on request (`scripts/listeners.sh start {name}` brings it back)")

    def run(self) -> None:
        while not self.ending.is_set():
            self.step()
            self.ending.wait(POLL_SECONDS)
        for service in self.services.values():
            service.stop()


def listeners_serve(directory: Path) -> int:
    """Serve the demo services of ``listeners.json`` until SIGTERM or SIGINT."""
    settings = DemoListeners.read(directory / DEMO_SETTINGS)
    ending = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: ending.set())
    (directory / SERVE_PID).write_text(f"{os.getpid()}\n")
    try:
        _Supervisor(directory, settings, ending).run()
        _say("demo interface services stopped")
        return 0
    finally:
        (directory / SERVE_PID).unlink(missing_ok=True)


def _serving(directory: Path) -> bool:
    return _pid(directory / SERVE_PID, SERVE_COMMAND) is not None


def listener_stop(directory: Path, name: str, timeout: float = 10.0) -> bool:
    """Close one service's port (``serve`` keeps running); True once it refuses connections."""
    settings = DemoListeners.read(directory / DEMO_SETTINGS)
    (directory / f"{name}.stop").touch()
    return _wait_for(lambda: not port_open(settings.host, settings.port(name)), timeout)


def listener_start(directory: Path, name: str, timeout: float = 10.0) -> bool:
    """Open one service's port again; True once it answers (only while ``serve`` runs)."""
    settings = DemoListeners.read(directory / DEMO_SETTINGS)
    (directory / f"{name}.stop").unlink(missing_ok=True)
    if not _serving(directory):
        return False
    return _wait_for(lambda: port_open(settings.host, settings.port(name)), timeout)


def listener_ack(directory: Path, code: str) -> None:
    """Make the HL7 listener answer ``code`` from its next message on."""
    if code == "AA":
        (directory / ACK_CONTROL).unlink(missing_ok=True)
    else:
        (directory / ACK_CONTROL).write_text(f"{code}\n")


def listeners_status(directory: Path) -> dict[str, str]:
    """Each service's state: ``up`` (its port answers), ``stopped on request`` or ``down``."""
    settings = DemoListeners.read(directory / DEMO_SETTINGS)
    states = {}
    for name in NAMES:
        if port_open(settings.host, settings.port(name)):
            states[name] = "up" + (f", answering {ack_code(directory)}" if name == "hl7" else "")
        elif (directory / f"{name}.stop").exists():
            states[name] = "stopped on request"
        else:
            states[name] = "down"
    return states


def listeners_halt(directory: Path) -> None:
    """End a ``serve`` left running by a ``make run`` that was killed (by its PID file)."""
    pid = _pid(directory / SERVE_PID, SERVE_COMMAND)
    if pid is not None:
        _say(f"stopping the demo interface services ({pid})")
        _terminate(pid)
    (directory / SERVE_PID).unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.listeners", description="The demo HL7 v2, DICOMweb and FHIR services of `make run`."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("prepare")
    prepare.add_argument("--hl7-port", type=int, default=DEMO_HL7_PORT)
    prepare.add_argument("--dicomweb-port", type=int, default=DEMO_DICOMWEB_PORT)
    prepare.add_argument("--fhir-port", type=int, default=DEMO_FHIR_PORT)
    for command in ("serve", "status", "halt"):
        commands.add_parser(command)
    for command in ("stop", "start"):
        commands.add_parser(command).add_argument("name", choices=NAMES)
    commands.add_parser("ack").add_argument("code", choices=ACK_CODES, type=str.upper)
    for subparser in commands.choices.values():
        subparser.add_argument("directory", type=Path, help="listeners.json, controls and PID file")
    args = parser.parse_args(argv)
    directory = args.directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    if args.command == "prepare":
        settings = listeners_prepare(
            directory, hl7_port=args.hl7_port, dicomweb_port=args.dicomweb_port, fhir_port=args.fhir_port
        )
        _say(f"{directory / DEMO_SETTINGS}: HL7 {settings.hl7_port}, {settings.dicomweb_url}, {settings.fhir_url}")
        return 0
    if args.command == "serve":
        return listeners_serve(directory)
    if args.command == "halt":
        listeners_halt(directory)
        return 0
    if args.command == "stop":
        done = listener_stop(directory, args.name)
        _say(f"{args.name} stopped" if done else f"{args.name} still answers")
        return 0 if done else 1
    if args.command == "start":
        done = listener_start(directory, args.name)
        _say(f"{args.name} answers" if done else f"{args.name} is not running: it runs under `make run`")
        return 0 if done else 1
    if args.command == "ack":
        listener_ack(directory, args.code)
        _say(f"the HL7 listener answers {args.code} from its next message on")
        return 0
    states = listeners_status(directory)
    for name, state in states.items():
        _say(f"{name}: {state}")
    return 0 if all(state.startswith("up") for state in states.values()) else 3
