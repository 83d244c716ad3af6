"""Real parts for the notification tests: an SMTP server on loopback (aiosmtpd), the Redis broker
the project's Celery app publishes to, and a real Celery worker process on the test database.
The fixtures that use them are in ``conftest.py``."""

import base64
import email
import json
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage as ParsedMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings

from core.testing.clock import subprocess_clock_env
from core.testing.parallel import free_port
from pacsvendor import celery_app

WORKER_READY_TIMEOUT = 60.0
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: ParsedMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""

    def attachments(self) -> list[tuple[str, str, bytes]]:
        return [
            (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
            for part in self.message.iter_attachments()
        ]


class _CollectingHandler:
    def __init__(self, inbox: list[ReceivedMail]) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)  # type: ignore[attr-defined]
        self.inbox.append(
            ReceivedMail(mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos), message=parsed)  # type: ignore[attr-defined]
        )
        return "250 Message accepted for delivery"


@dataclass
class SmtpSink:
    """An aiosmtpd server on 127.0.0.1:``port`` that keeps every message it receives. It can be
    stopped and started again on the same port (a new controller each time: a stopped one
    closes its event loop)."""

    port: int = field(default_factory=free_port)
    inbox: list[ReceivedMail] = field(default_factory=list)
    _controller: Controller | None = None

    def start(self) -> "SmtpSink":
        if self._controller is None:
            self._controller = Controller(
                _CollectingHandler(self.inbox), hostname="127.0.0.1", port=self.port, server_hostname="localhost"
            )
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def point_transport_at(overrides: object, port: int) -> None:
    """Make the outbox deliver by SMTP to 127.0.0.1:``port`` (``overrides``: pytest-django's
    ``settings`` fixture, which restores everything after the test)."""
    overrides.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    overrides.EMAIL_HOST = "127.0.0.1"
    overrides.EMAIL_PORT = port
    overrides.EMAIL_HOST_USER = ""
    overrides.EMAIL_HOST_PASSWORD = ""
    overrides.EMAIL_USE_TLS = False
    overrides.EMAIL_USE_SSL = False
    overrides.EMAIL_TIMEOUT = 10


@dataclass
class QueuedTask:
    name: str
    args: list


class Broker:
    """The Redis queue of the project's Celery app, read without consuming it."""

    queue = "celery"

    def __init__(self) -> None:
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def reset(self) -> None:
        # The shared conftest flushes the Redis db (cache.clear()) before each test, which also
        # drops kombu's exchange binding; declare the queue again so publishing can route.
        with celery_app.connection_for_write() as connection:
            celery_app.amqp.queues[self.queue](connection.default_channel).declare()
        celery_app.control.purge()

    def tasks(self) -> list[QueuedTask]:
        found = []
        for raw in reversed(self.redis.lrange(self.queue, 0, -1)):  # LPUSH: oldest last
            message = json.loads(raw)
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            found.append(QueuedTask(name=message["headers"]["task"], args=args))
        return found

    def close(self) -> None:
        self.redis.close()


def worker_database_url() -> str:
    db = settings.DATABASES["default"]
    assert db["NAME"].startswith("test_"), f"not a test database: {db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


@dataclass
class Worker:
    process: subprocess.Popen
    nodename: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def wait_until_ready(worker: Worker) -> None:
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"celery worker exited with {worker.process.returncode}:\n{worker.log()}")
        if celery_app.control.ping(destination=[worker.nodename], timeout=0.5):
            return
    pytest.fail(f"celery worker not ready after {WORKER_READY_TIMEOUT:.0f} s:\n{worker.log()}")


def start_worker(*, smtp_port: int, log_dir: Path) -> Worker:
    """Start ``celery -A pacsvendor worker`` (solo pool, queue ``celery``) on the test database
    and the tests' Redis, delivering mail to 127.0.0.1:``smtp_port``; return once it answers a
    ping. The caller stops it (``Worker.stop``)."""
    nodename = f"notif-test-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "pacsvendor.settings",
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_OUTBOX_MAX_ATTEMPTS": str(settings.EMAIL_OUTBOX_MAX_ATTEMPTS),
        "EMAIL_OUTBOX_RETRY_SECONDS": str(settings.EMAIL_OUTBOX_RETRY_SECONDS),
        "PYTHONUNBUFFERED": "1",
        **subprocess_clock_env(),
    }
    log_path = log_dir / f"{nodename.split('@')[0]}.log"
    argv = [
        str(Path(settings.BASE_DIR) / ".venv" / "bin" / "celery"),
        *("-A", "pacsvendor", "worker", "--pool=solo", "--concurrency=1", "-Q", "celery"),
        *("--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=INFO", "-n", nodename),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    worker = Worker(process=process, nodename=nodename, log_path=log_path)
    try:
        wait_until_ready(worker)
    except BaseException:
        worker.stop()
        raise
    return worker


def wait_for(condition: Callable[[], object], *, timeout: float = 30.0, what: str = "condition") -> object:
    """Poll ``condition`` until it returns something truthy, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)
