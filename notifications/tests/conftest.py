"""Fixtures of the notification tests: a real SMTP server, the Redis broker, a real Celery worker."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notifications.tests.support import Broker, SmtpSink, Worker, point_transport_at, start_worker
from pacsvendor import celery_app


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    """A not yet started SMTP server; the outbox transport points at its port already, so
    until ``start()`` the mail server is down (connection refused)."""
    sink = SmtpSink()
    point_transport_at(settings, sink.port)
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def smtp_server(smtp_sink: SmtpSink) -> SmtpSink:
    """A running SMTP server that the outbox transport delivers to."""
    return smtp_sink.start()


@pytest.fixture
def broker() -> Iterator[Broker]:
    """The Celery queue in Redis, emptied before and after the test."""
    queue = Broker()
    queue.reset()
    try:
        yield queue
    finally:
        celery_app.control.purge()
        queue.close()


@pytest.fixture
def celery_worker(transactional_db: None, tmp_path: Path, broker: Broker) -> Iterator[Callable[[int], Worker]]:
    """``celery_worker(smtp_port)`` starts a real worker; every worker started is stopped by its
    PID when the test ends (before the test database is flushed)."""
    started: list[Worker] = []

    def start(smtp_port: int) -> Worker:
        worker = start_worker(smtp_port=smtp_port, log_dir=tmp_path)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
