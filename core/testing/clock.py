"""Run the whole test session at another date: ``PACS_TEST_CLOCK`` moves the clock of the test
process before the first test, and it keeps ticking from there.

A suite that only passes on the day it was written fails CI for everyone a week later. The
switch proves it does not: ``PACS_TEST_CLOCK=+365d make test`` runs everything a year ahead,
``PACS_TEST_CLOCK=2027-03-28T00:30:00+00:00 make test`` on the night Europe/Berlin moves to
summer time. Tests that need a particular instant still travel there themselves
(``time_machine.travel``); they return to the moved clock when they are done.

Accepted values: an ISO 8601 instant with an offset, or ``+Nd`` / ``-Nd`` days from now.
"""

import re
from datetime import UTC, datetime, timedelta

import time_machine

_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<days>\d+)d$")
_traveller: time_machine.travel | None = None


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
    global _traveller
    if not value:
        return
    _traveller = time_machine.travel(parse_test_clock(value, now=datetime.now(UTC)), tick=True)
    _traveller.start()


def stop_session_clock() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None
