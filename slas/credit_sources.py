"""Ticket misses for ticket-based service credits, supplied by the app that owns tickets.

``slas`` sits below ``tickets`` and may not import it, so ``tickets`` registers a counter here at
start-up (dependency inversion). Without one, ticket-based credits are zero.
"""

import datetime
from collections.abc import Callable, Sequence

Period = tuple[datetime.datetime, datetime.datetime]
Misses = dict[tuple[str, str], int]  # (severity, metric) -> clocks breached in the period
# (vendor_id, periods) -> the misses of each period, in one query however many periods
MissCounter = Callable[[int, Sequence[Period]], list[Misses]]

_counter: MissCounter | None = None


def register_miss_counter(counter: MissCounter) -> None:
    global _counter
    _counter = counter


def ticket_misses(vendor_id: int, periods: Sequence[Period]) -> list[Misses]:
    if _counter is None or not periods:
        return [{} for _ in periods]
    return _counter(vendor_id, periods)
