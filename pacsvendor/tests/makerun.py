"""A real `make run` in a copy of this checkout, for tests that use the product as a user does.

The copy has what a fresh clone has (plus uncommitted edits) and shares only `.venv` with this
checkout; `static/vendor/` is copied, so the scripts may rebuild it without touching ours. Every
port is a free one, passed through the documented variables (docs/operations.md "Ports"), so the
session runs beside `make run` or `make test` of this checkout. Commands get the environment a
user's shell would have: no DATABASE_URL, DJANGO_ENV or pytest variables of the test process.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.testing.docs import REPO_ROOT
from core.testing.parallel import free_port

BANNER = "PACS Vendor Desk is starting"
PORT_VARIABLES = ("WEB_PORT", "MAIL_PORT", "RUN_PG_PORT", "RUN_REDIS_PORT", "ORTHANC_DICOM_PORT", "ORTHANC_HTTP_PORT")
PORT_VARIABLES += ("LISTENER_HL7_PORT", "LISTENER_DICOMWEB_PORT", "LISTENER_FHIR_PORT")
# What a login shell has; anything of the test process (DATABASE_URL, PYTEST_*, ...) stays out.
INHERITED = re.compile(r"(?i)^(home|user|logname|lang|lc_\w+|\w*_proxy|pip_\w+|npm_config_\w+)$")
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NOT_IN_A_CLONE = {".git", ".venv", "node_modules", "var", "staticfiles", "test-results", "__pycache__"}
NOT_IN_A_CLONE |= {".pytest_cache", ".ruff_cache", ".hypothesis"}


@dataclass
class Outcome:
    command: str
    returncode: int
    output: str

    def describe(self) -> str:
        tail = "\n    ".join(self.output.strip().splitlines()[-15:])
        return f"$ {self.command}\n  exit {self.returncode}\n    {tail}"


def run(argv: list[str], *, cwd: Path = REPO_ROOT, env: dict[str, str], timeout: float = 300) -> Outcome:
    """One command to completion, its output and exit code (-1 when it timed out)."""
    try:
        # The argv come from our own documents and tests.
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    except subprocess.TimeoutExpired as error:
        return Outcome(" ".join(argv), -1, f"timed out after {timeout} s\n{error.stdout or ''}{error.stderr or ''}")
    return Outcome(" ".join(argv), done.returncode, done.stdout + done.stderr)


def user_environment(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if INHERITED.match(name)}
    return {**env, "PATH": SYSTEM_PATH, "TERM": "dumb", **extra}


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def copy_checkout(destination: Path) -> Path:
    """The files of a clone of this checkout (with local edits) at ``destination``."""

    def ignored(directory: str, names: list[str]) -> set[str]:
        skip = NOT_IN_A_CLONE & set(names)
        if Path(directory) == REPO_ROOT / "static":
            skip.add("vendor")
        return skip

    shutil.copytree(REPO_ROOT, destination, ignore=ignored, symlinks=True)
    (destination / ".venv").symlink_to((REPO_ROOT / ".venv").resolve())
    vendor = REPO_ROOT / "static" / "vendor"
    if vendor.exists():
        shutil.copytree(vendor.resolve(), destination / "static" / "vendor")
    return destination


@dataclass
class MakeRun:
    root: Path
    env: dict[str, str]
    ports: dict[str, int]
    process: subprocess.Popen | None = None
    lines: list[str] = field(default_factory=list)
    banner: threading.Event = field(default_factory=threading.Event)

    def shell(self, command: str, *, timeout: float = 300) -> Outcome:
        """``command`` typed at a prompt in the checkout's root."""
        outcome = run(["bash", "-c", command], cwd=self.root, env=self.env, timeout=timeout)
        outcome.command = command
        return outcome

    def start(self, *, timeout: float = 600) -> None:
        """`make run` in the foreground of its own terminal session, until the banner is out
        and the web server answers /healthz."""
        self.process = subprocess.Popen(
            ["make", "run"],  # noqa: S607 - make as the user types it
            cwd=self.root,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not self.banner.wait(1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"make run did not come up:\n{self.tail()}")
        healthz = f"http://127.0.0.1:{self.ports['WEB_PORT']}/healthz"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(healthz, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise AssertionError(f"make run printed its banner but {healthz} never answered 200:\n{self.tail()}")

    def _read(self) -> None:
        assert self.process
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if BANNER in line:
                self.banner.set()

    def interrupt(self, *, timeout: float = 120) -> int:
        """Ctrl-C, as the terminal sends it: SIGINT to the whole foreground process group."""
        assert self.process
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def tail(self, count: int = 40) -> str:
        return "\n".join(self.lines[-count:])

    def abandon(self) -> None:
        """Whatever happened, leave nothing running and no data behind (our own group only)."""
        if self.process and self.process.poll() is None:
            try:
                self.interrupt(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for command in ("make stop", "make clean-var"):
            self.shell(command, timeout=120)


@contextmanager
def make_run_copy(destination: Path) -> Iterator[MakeRun]:
    """A copy of the checkout with a `make run` session object (not started) on free ports."""
    ports = {name: free_port() for name in PORT_VARIABLES}
    session = MakeRun(
        root=copy_checkout(destination),
        env=user_environment(**{name: str(port) for name, port in ports.items()}),
        ports=ports,
    )
    try:
        yield session
    finally:
        session.abandon()
