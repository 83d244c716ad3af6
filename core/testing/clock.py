"""Run the whole test session at another date: ``PACS_TEST_CLOCK`` moves the clock of the test
process before the first test, and it keeps ticking from there.

A suite that only passes on the day it was written fails CI for everyone a week later. The
switch proves it does not: ``PACS_TEST_CLOCK=+365d make test`` runs everything a year ahead,
``PACS_TEST_CLOCK=2027-03-28T00:30:00+00:00 make test`` on the night Europe/Berlin moves to
summer time. Tests that need a particular instant still travel there themselves
(``time_machine.travel``); they return to the moved clock when they are done.

Accepted values: an ISO 8601 instant with an offset, or ``+Nd`` / ``-Nd`` days from now.

The processes a test starts (a Celery worker, ``manage.py``) run at the same moved time through
libfaketime (Debian's ``faketime``): ``subprocess_clock_env()`` gives the variables to add to
their environment. Chromium's clock is moved per browser context (``browser_clock_now()``).
"""

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<days>\d+)d$")
LIBFAKETIME = Path(os.environ.get("LIBFAKETIME", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"))
_traveller: time_machine.travel | None = None
_shift = timedelta(0)


def parse_test_clock(value: str, *, now: datetime) -> datetime:
    """The instant ``value`` names; a ValueError says what is accepted."""
    offset = _OFFSET.match(value)
    if offset:
        days = int(offset["days"]) * (1 if offset["sign"] == "+" else -1)
        return now + timedelta(days=days)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ValueError(
            f"PACS_TEST_CLOCK={value!r}: give an ISO 8601 instant with an offset "
            "(2027-03-28T00:30:00+00:00) or a day offset (+365d)"
        )
    return instant


def start_session_clock(value: str) -> None:
    """Move the clock to ``value`` for the rest of the process (no-op when empty)."""
    global _traveller, _shift
    if not value:
        return
    real_now = datetime.now(UTC)
    destination = parse_test_clock(value, now=real_now)
    _shift = destination - real_now
    _traveller = time_machine.travel(destination, tick=True)
    _traveller.start()


def stop_session_clock() -> None:
    global _traveller, _shift
    if _traveller is not None:
        _traveller.stop()
        _traveller = None
        _shift = timedelta(0)


def session_clock_moved() -> bool:
    return _traveller is not None


def subprocess_clock_env() -> dict[str, str]:
    """Environment variables that run a child process at the session's moved time (empty when
    the clock is not moved). The monotonic clock stays real, so timeouts keep their length."""
    if not session_clock_moved():
        return {}
    if not LIBFAKETIME.exists():
        raise RuntimeError(
            f"PACS_TEST_CLOCK needs libfaketime for the processes tests start: {LIBFAKETIME} is missing "
            "(apt-get install faketime; make test installs it)"
        )
    preload = " ".join(filter(None, [str(LIBFAKETIME), os.environ.get("LD_PRELOAD", "")]))
    return {
        "LD_PRELOAD": preload,
        "FAKETIME": f"{_shift.total_seconds():+.0f}",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_NO_CACHE": "1",
    }


def browser_clock_now() -> datetime | None:
    """The moved "now" for a new browser context, or None when the clock is not moved."""
    return datetime.now(UTC) if session_clock_moved() else None
