"""The monitoring state of interfaces, supplied by an app above ``vendors`` (the probes of
``kpis``), which ``vendors`` may not import: it registers a reader here at start-up (dependency
inversion, as ``slas.agreement_sections``). The vendor and component pages show each
interface's state when a reader is registered."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vendors.models import Interface


@dataclass(frozen=True)
class InterfaceState:
    """How an interface is doing: a label and colour (always both), its latest check and success,
    and an incident open about it."""

    label: str
    colour: str
    last_run_at: datetime | None = None
    last_success_at: datetime | None = None
    last_result: str = ""
    open_incident_id: int | None = None


# (interface ids, user) -> their states by id, read in a fixed number of queries
StateReader = Callable[[list[int], Any], dict[int, InterfaceState]]

_readers: list[StateReader] = []


def register_interface_states(reader: StateReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def with_states(interfaces: Iterable[Interface], user: Any) -> list[Interface]:
    """The interfaces, each with ``state``: an :class:`InterfaceState`, or None when no reader
    knows it."""
    rows = list(interfaces)
    states: dict[int, InterfaceState] = {}
    for reader in _readers:
        states.update(reader([row.pk for row in rows], user))
    for row in rows:
        row.state = states.get(row.pk)
    return rows


def states_known() -> bool:
    """Whether any app reports interface states (the pages show the column only then)."""
    return bool(_readers)
