"""The demo Orthanc of `make run` (``python -m devtools.orthanc prepare|serve|stop|start|status|halt
DIRECTORY``), which the demo probes measure:

- ``prepare`` writes ``DIRECTORY/demo.json`` (host, ports, AE titles, REST credentials and the
  test study's UID, kept from one run to the next; mode 600) and clears a ``stop`` left over.
  ``seed_demo`` reads that file (``DEMO_ORTHANC``) to point the demo probes at the server.
- ``serve`` runs Orthanc under supervision until SIGTERM/SIGINT: storage, configuration, log and
  PID files in ``DIRECTORY``; the synthetic test study is stored once (C-STORE) under the UID of
  ``demo.json``; a crashed Orthanc is started again.
- ``stop`` / ``start`` stop and start the served Orthanc while ``serve`` keeps running, to watch
  the probes fail, an incident open and the recovery close it. ``status`` tells which it is.
- ``halt`` ends a ``serve`` and its Orthanc left over by a killed ``make run`` (``make stop``).

No Django here: the commands run without settings or a database.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydicom.uid import generate_uid

from devtools.orthanc.server import LOOPBACK, OrthancServer, orthanc_binary, port_open

DEMO_AE_TITLE = "DEMOPACS"
DEMO_CALLING_AE_TITLE = "PACSVENDORDESK"  # the probes' default calling AE title
DEMO_USERNAME = "probe"
DEMO_DICOM_PORT = 4243  # Orthanc's defaults (4242, 8042) plus one, beside a system Orthanc
DEMO_HTTP_PORT = 8043
DEMO_SETTINGS = "demo.json"
STOP_FLAG = "stop"  # present while the served Orthanc is meant to be down
ORTHANC_PID = "orthanc.pid"
SERVE_PID = "serve.pid"
RESTART_DELAY = 10.0  # seconds between attempts when Orthanc fails to start
SERVE_COMMAND = "devtools.orthanc"  # what the supervisor's command line contains (``python -m ...``)


@dataclass(frozen=True)
class DemoOrthanc:
    """Where the demo Orthanc answers and how the demo probes reach it (``demo.json``)."""

    host: str
    dicom_port: int
    http_port: int
    ae_title: str
    calling_ae_title: str
    username: str
    password: str = field(repr=False)
    study_uid: str

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @classmethod
    def read(cls, path: Path) -> "DemoOrthanc":
        """The settings in ``path``; OSError or ValueError when it is missing or malformed."""
        data = json.loads(path.read_text())
        try:
            return cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path}: {error!r}") from error

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.touch(mode=0o600)
        temporary.chmod(0o600)
        temporary.write_text(json.dumps(asdict(self), indent=2) + "\n")
        temporary.replace(path)


def demo_prepare(directory: Path, *, dicom_port: int = DEMO_DICOM_PORT, http_port: int = DEMO_HTTP_PORT) -> DemoOrthanc:
    """Write ``demo.json`` for these ports, keeping the password and test study UID of an earlier
    run (the study stays in the storage), and clear a ``stop`` left by ``demo_stop``."""
    path = directory / DEMO_SETTINGS
    try:
        earlier = DemoOrthanc.read(path)
    except (OSError, ValueError):
        earlier = None
    settings = DemoOrthanc(
        host=LOOPBACK,
        dicom_port=dicom_port,
        http_port=http_port,
        ae_title=DEMO_AE_TITLE,
        calling_ae_title=DEMO_CALLING_AE_TITLE,
        username=DEMO_USERNAME,
        password=earlier.password if earlier else secrets.token_urlsafe(18),
        study_uid=earlier.study_uid if earlier else generate_uid(),
    )
    settings.write(path)
    (directory / STOP_FLAG).unlink(missing_ok=True)
    return settings


def _pid(path: Path, expected: str) -> int | None:
    """The PID in ``path`` if that process still runs and its command line contains ``expected``."""
    try:
        pid = int(path.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError):
        return None
    return pid if expected in command else None


def _terminate(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM to one process, SIGKILL if it is still there after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)


def _say(message: str) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


class _Supervisor:
    """Keeps the demo Orthanc in the state asked for (running unless ``stop`` exists) until told
    to end; then stops it."""

    def __init__(self, directory: Path, settings: DemoOrthanc, binary: str, ending: threading.Event) -> None:
        self.directory = directory
        self.settings = settings
        self.server = OrthancServer(
            directory,
            binary,
            ae_title=settings.ae_title,
            calling_ae_title=settings.calling_ae_title,
            username=settings.username,
            password=settings.password,
            http_port=settings.http_port,
            dicom_port=settings.dicom_port,
            name="pacsvendor-demo",
            check_modality_host=True,
        )
        self.ending = ending
        self.was_running = False

    def _start(self) -> None:
        try:
            self.server.start()
            (self.directory / ORTHANC_PID).write_text(f"{self.server.process.pid}\n")
            if not self.server.has_study(self.settings.study_uid):
                self.server.store_synthetic_study(study_uid=self.settings.study_uid)
                _say(f"stored the synthetic test study {self.settings.study_uid}")
        except (RuntimeError, OSError, ValueError) as error:
            self.server.stop()
            _say(f"Orthanc did not start: {error}; trying again in {RESTART_DELAY:.0f} s")
            self.ending.wait(RESTART_DELAY)
            return
        self.was_running = True
        _say(
            f"Orthanc answers: DICOM {self.settings.host}:{self.settings.dicom_port} AE {self.settings.ae_title} "
            f"(calling AE {self.settings.calling_ae_title}), REST {self.settings.http_url}; log {self.server.log_path}"
        )

    def step(self) -> None:
        wanted = not (self.directory / STOP_FLAG).exists()
        if self.was_running and not self.server.running:
            self.was_running = False
            (self.directory / ORTHANC_PID).unlink(missing_ok=True)
            if self.server.process is not None:
                _say(f"Orthanc exited with {self.server.process.returncode}")
                self.server.process = None
        if wanted and not self.was_running and not self.ending.is_set():
            self._start()
        elif not wanted and self.was_running:
            self.server.stop()
            self.was_running = False
            (self.directory / ORTHANC_PID).unlink(missing_ok=True)
            _say("Orthanc stopped on request (`scripts/orthanc.sh start` brings it back)")

    def run(self, poll: float) -> None:
        while not self.ending.is_set():
            self.step()
            self.ending.wait(poll)
        self.server.stop()
        (self.directory / ORTHANC_PID).unlink(missing_ok=True)


def demo_serve(directory: Path, poll: float = 1.0) -> int:
    """Run the demo Orthanc of ``demo.json`` under supervision until SIGTERM or SIGINT."""
    settings = DemoOrthanc.read(directory / DEMO_SETTINGS)
    ending = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: ending.set())
    (directory / SERVE_PID).write_text(f"{os.getpid()}\n")
    try:
        binary = orthanc_binary()
        if binary is None:
            _say("Orthanc is not installed (apt-get install orthanc): the demo probes have nothing to measure")
            while not ending.wait(1.0):  # with a timeout, the wait wakes up for the signal handler
                pass
            return 0
        leftover = _pid(directory / ORTHANC_PID, str(directory / "orthanc.json"))
        if leftover is not None:
            _say(f"stopping Orthanc {leftover} left over by an earlier run")
            _terminate(leftover)
        _Supervisor(directory, settings, binary, ending).run(poll)
        _say("Orthanc stopped")
        return 0
    finally:
        (directory / SERVE_PID).unlink(missing_ok=True)


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def demo_stop(directory: Path, timeout: float = 20.0) -> bool:
    """Stop the served Orthanc (``serve`` keeps running and starts it again on ``demo_start``);
    without a running ``serve``, stop an Orthanc left over by PID. True once it is down."""
    (directory / STOP_FLAG).touch()
    if _pid(directory / SERVE_PID, SERVE_COMMAND) is None:
        leftover = _pid(directory / ORTHANC_PID, str(directory / "orthanc.json"))
        if leftover is not None:
            _terminate(leftover)
        (directory / ORTHANC_PID).unlink(missing_ok=True)
        return True
    return _wait_for(lambda: _pid(directory / ORTHANC_PID, str(directory / "orthanc.json")) is None, timeout)


def demo_start(directory: Path, timeout: float = 30.0) -> bool:
    """Let ``serve`` start Orthanc again; True once its DICOM port answers."""
    (directory / STOP_FLAG).unlink(missing_ok=True)
    if _pid(directory / SERVE_PID, SERVE_COMMAND) is None:
        return False
    settings = DemoOrthanc.read(directory / DEMO_SETTINGS)
    return _wait_for(
        lambda: (
            _pid(directory / ORTHANC_PID, str(directory / "orthanc.json")) is not None
            and port_open(settings.host, settings.dicom_port)
        ),
        timeout,
    )


def demo_halt(directory: Path) -> None:
    """End a ``serve`` and its Orthanc left running by a ``make run`` that was killed (by the PIDs
    in ``directory``)."""
    for name, expected in ((SERVE_PID, SERVE_COMMAND), (ORTHANC_PID, str(directory / "orthanc.json"))):
        pid = _pid(directory / name, expected)
        if pid is not None:
            _say(f"stopping {'the demo Orthanc supervisor' if name == SERVE_PID else 'Orthanc'} ({pid})")
            _terminate(pid)
        (directory / name).unlink(missing_ok=True)


def demo_status(directory: Path) -> str:
    if _pid(directory / ORTHANC_PID, str(directory / "orthanc.json")) is not None:
        return "running"
    if _pid(directory / SERVE_PID, SERVE_COMMAND) is not None:
        return "stopped (make run is up: `scripts/orthanc.sh start` starts it)"
    return "stopped"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.orthanc", description="The demo Orthanc of `make run`.")
    parser.add_argument("command", choices=["prepare", "serve", "stop", "start", "status", "halt"])
    parser.add_argument("directory", type=Path, help="storage, configuration, demo.json, log and PID files")
    parser.add_argument("--dicom-port", type=int, default=DEMO_DICOM_PORT)
    parser.add_argument("--http-port", type=int, default=DEMO_HTTP_PORT)
    args = parser.parse_args(argv)
    directory = args.directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    if args.command == "prepare":
        settings = demo_prepare(directory, dicom_port=args.dicom_port, http_port=args.http_port)
        _say(f"{directory / DEMO_SETTINGS}: DICOM {settings.host}:{settings.dicom_port} AE {settings.ae_title}")
        return 0
    if args.command == "serve":
        return demo_serve(directory)
    if args.command == "stop":
        done = demo_stop(directory)
        _say("Orthanc stopped" if done else "Orthanc is still running")
        return 0 if done else 1
    if args.command == "start":
        done = demo_start(directory)
        _say("Orthanc answers" if done else "Orthanc is not running: it runs under `make run`")
        return 0 if done else 1
    if args.command == "halt":
        demo_halt(directory)
        return 0
    status = demo_status(directory)
    _say(status)
    return 0 if status == "running" else 3
