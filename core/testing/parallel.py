"""The test suite in parallel (pytest-xdist, ``make test``): what each worker has to itself.

Loaded as a plugin by the root ``conftest.py``. With ``-n 0`` (or without ``-n``) nothing changes.

- **PostgreSQL**: pytest-django already gives each worker its own test database
  (``test_<name>_gw0``, ``test_<name>_gw1``, ...); processes a test starts get that name from
  ``settings.DATABASES``.
- **Redis**: each worker its own databases. The controller starts worker ``gwN`` with
  ``REDIS_URL``, ``REDIS_CACHE_URL``, ``CELERY_BROKER_URL`` and ``CELERY_RESULT_BACKEND`` in its
  environment, each moved N strides up (a stride spans the databases one run uses: the broker's
  and the cache's), so the settings, the cache flushed before every test, the Celery queue and the
  worker processes and commands a test starts all stay on that worker's databases.
- **Ports**: every server a test starts on a port chosen beforehand (the SMTP sink, Orthanc, a
  ``make run`` in a copy) takes it from ``free_port()``, which hands no port out twice on this
  machine. Servers that bind port 0 themselves (pytest-django's live server) and Chromium (driven
  by Playwright through a pipe, no port) need nothing.
- **Files**: ``tmp_path`` is per worker (xdist), ``MEDIA_ROOT`` per test (root ``conftest.py``);
  Playwright's output folder ``test-results/`` is emptied once per run, by the controller, not by
  each worker as it starts (which would delete screenshots another worker has just written).
"""

import contextlib
import fcntl
import os
import secrets
import shutil
import socket
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REDIS_VARIABLES = ("REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
LOOPBACK = "127.0.0.1"
# Ports for test servers come from here, below the kernel's ephemeral range (see _candidate_ports).
PORT_FLOOR, PORT_CEILING = 20000, 30000
PORT_LOCKS = Path(tempfile.gettempdir()) / "pacsvendor-test-ports.lock"

_reserved: set[int] = set()
_locks_fd: int | None = None


# ------------------------------------------------------------------------------------ workers ---


def worker_index(worker_id: str | None) -> int | None:
    """``gw3`` -> 3; None outside xdist (``-n 0`` or no ``-n``)."""
    if not worker_id or not worker_id.startswith("gw"):
        return None
    return int(worker_id.removeprefix("gw"))


def _redis_database(url: str) -> int | None:
    """The database number of a ``redis://`` URL (0 when it names none); None for other brokers."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return None
    return int(parts.path.strip("/") or 0)


def _with_redis_database(url: str, number: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


def redis_urls_for_worker(urls: Mapping[str, str], index: int) -> dict[str, str]:
    """The Redis URLs of worker ``index``: each moved ``index`` strides up, a stride spanning the
    databases the URLs use together (two by default: REDIS_URL's and the cache's, the next one).
    URLs of another kind than Redis stay as they are."""
    numbers = {name: _redis_database(url) for name, url in urls.items()}
    used = [number for number in numbers.values() if number is not None]
    if not used:
        return dict(urls)
    stride = max(used) - min(used) + 1
    return {
        name: url if numbers[name] is None else _with_redis_database(url, numbers[name] + stride * index)
        for name, url in urls.items()
    }


def _configured_redis_urls() -> dict[str, str]:
    from django.conf import settings

    return {
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
    }


def _redis_database_count(url: str) -> int | None:
    """How many databases the Redis server of ``url`` has (None if it will not say)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        return int(client.config_get("databases")["databases"])
    except (redis.RedisError, KeyError, ValueError):
        return None
    finally:
        client.close()


def _check_redis_has_room(urls: Mapping[str, str], workers: int) -> None:
    highest = max(
        (_redis_database(url) for url in redis_urls_for_worker(urls, workers - 1).values()),
        key=lambda number: -1 if number is None else number,
    )
    if highest is None:
        return
    available = _redis_database_count(urls["REDIS_URL"])
    if available is not None and highest >= available:
        raise pytest.UsageError(
            f"{workers} test workers need Redis databases up to {highest}, but the Redis of REDIS_URL has "
            f"{available} (0-{available - 1}): start it with --databases {highest + 1} or more "
            "(make test does), or run fewer workers (-n, PACS_TEST_WORKERS)"
        )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: Sequence[object]) -> None:
    """On the controller, before the workers start: give each its own Redis databases through
    the environment it starts with (execnet sets ``spec.env`` before pytest starts there)."""
    urls = _configured_redis_urls()
    _check_redis_has_room(urls, len(specs))
    for spec in specs:
        index = worker_index(spec.id)  # type: ignore[attr-defined]
        if index is not None:
            spec.env.update(redis_urls_for_worker(urls, index))  # type: ignore[attr-defined]


# -------------------------------------------------------------------------------------- ports ---


def _ephemeral_range() -> range:
    try:
        low, high = (int(part) for part in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999  # Linux's default
    return range(low, high + 1)


def _candidate_ports() -> list[int]:
    """Ports the kernel never picks by itself (for an outgoing connection, or a bind to port 0),
    so none is taken by someone else between our choice and the server's bind."""
    ephemeral = _ephemeral_range()
    ports = [port for port in range(PORT_FLOOR, PORT_CEILING) if port not in ephemeral]
    return ports or [port for port in range(1024, 65536) if port not in ephemeral]


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def _locks() -> int:
    global _locks_fd
    if _locks_fd is None:
        try:
            _locks_fd = os.open(PORT_LOCKS, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:  # another user's file: coordinate with this user's processes only
            _locks_fd = os.open(PORT_LOCKS.with_name(f"{PORT_LOCKS.stem}-{os.getuid()}.lock"), os.O_RDWR | os.O_CREAT)
        with contextlib.suppress(PermissionError):
            os.fchmod(_locks_fd, 0o666)  # past the umask, so that other users' test runs can lock it too
    return _locks_fd


def _lock(port: int) -> bool:
    """Lock the byte at offset ``port`` of the shared lock file; the lock lasts as long as this
    process (POSIX record locks go with it, however it ends)."""
    try:
        fcntl.lockf(_locks(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, port)
    except OSError:
        return False
    return True


def _unlock(port: int) -> None:
    fcntl.lockf(_locks(), fcntl.LOCK_UN, 1, port)


def free_port() -> int:
    """A loopback port nothing listens on, reserved for this process until it ends: no other
    test process on this machine (another xdist worker, another checkout's ``make test``) gets
    it from here, and the kernel hands it to no one (see ``_candidate_ports``). For servers a
    test starts on a port it chooses first, and for a port that must stay closed."""
    candidates = _candidate_ports()
    start = secrets.randbelow(len(candidates))
    for port in candidates[start:] + candidates[:start]:
        if port in _reserved or not _lock(port):
            continue
        if _bindable(port):
            _reserved.add(port)
            return port
        _unlock(port)
    raise RuntimeError(f"no free port left in {candidates[0]}-{candidates[-1]} for the tests")


# -------------------------------------------------------------------------------------- files ---


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Empty Playwright's output folder once per run that runs tests: here, on the controller or
    in a serial run, before any test starts (``delete_output_dir`` below replaces the plugin's
    own, which every worker would run as it starts)."""
    config = session.config
    output = config.getoption("--output", None)
    if output and not _is_worker(config) and not config.option.collectonly:
        shutil.rmtree(output, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir() -> None:
    """pytest-playwright's fixture of this name, replaced: ``pytest_sessionstart`` does it."""
