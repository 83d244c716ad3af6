"""Ticket misses for ticket-based service credits, supplied by the app that owns tickets.

``slas`` sits below ``tickets`` and may not import it, so ``tickets`` registers a counter here at
start-up (dependency inversion). Without one, ticket-based credits are zero and say so.
"""

import datetime
from collections.abc import Callable

# (vendor_id, start, end) -> {(severity, metric): number of clocks breached in [start, end)}
MissCounter = Callable[[int, datetime.datetime, datetime.datetime], dict[tuple[str, str], int]]

_counter: MissCounter | None = None


def register_miss_counter(counter: MissCounter) -> None:
    global _counter
    _counter = counter


def ticket_misses(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> dict[tuple[str, str], int]:
    return _counter(vendor_id, start, end) if _counter is not None else {}
