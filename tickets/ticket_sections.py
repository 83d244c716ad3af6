"""Sections of a ticket's page supplied by apps above ``tickets`` (the knowledge-base articles of
``training`` that answer it), which ``tickets`` may not import: they register a section here at
start-up (dependency inversion, as ``slas.agreement_sections``). The ticket page, in the hospital
UI and in the portal, shows each section a registered maker returns for the ticket and the
signed-in user."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tickets.models import Ticket


@dataclass(frozen=True)
class TicketSection:
    """A part of the ticket page: the template that draws it, and what it needs."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


# (ticket, user) -> the section, or None when it has nothing to show
SectionMaker = Callable[[Ticket, Any], TicketSection | None]

_makers: list[SectionMaker] = []


def register_ticket_section(maker: SectionMaker) -> None:
    if maker not in _makers:
        _makers.append(maker)


def ticket_sections(ticket: Ticket, user: Any) -> list[TicketSection]:
    """The registered sections for ``ticket`` as ``user`` sees it, in registration order."""
    return [section for maker in _makers if (section := maker(ticket, user)) is not None]
