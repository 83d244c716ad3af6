"""What people do with tickets, checked: opening one, its lifecycle actions and what each does,
one table used by the API, the hospital UI and the vendor portal alike. Who may take each action
is the role matrix's (``core.permissions``, action ``permission``); whether the ticket's state
allows it is the lifecycle's (``tickets.services.tickets``). Only roles that may backdate
(``ticket.backdate``) pass a past instant ``at``."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from core.permissions import can, require
from slas.models import Severity
from tickets.models import Status, Ticket
from tickets.services import ratings, thread
from tickets.services import tickets as lifecycle


def _check_instant(user: User, at: datetime.datetime | None, field: str = "at") -> None:
    if at is not None and not can(user, "ticket.backdate"):
        raise ValidationError({field: "Only hospital admins may record past instants."})


def ticket_open_as(*, user: User, vendor_id: int, opened_at: datetime.datetime | None = None, **fields: Any) -> Ticket:
    """Open a ticket reported by ``user``, whose role must be allowed to open tickets (and to
    backdate, with ``opened_at``)."""
    require(user, "ticket.open")
    _check_instant(user, opened_at, "opened_at")
    return lifecycle.ticket_open(vendor_id=vendor_id, reporter=user, at=opened_at, **fields)


def _respond(ticket: Ticket, user: User, data: dict[str, Any]) -> None:
    body = data.get("body", "").strip()
    if body:
        thread.ticket_reply(ticket=ticket, by=user, body=body, at=data.get("at"))
        if not user.is_vendor_user:  # an admin recording the vendor's answer from history
            lifecycle.ticket_respond(ticket=ticket, by=user, at=data.get("at"))
    else:
        lifecycle.ticket_respond(ticket=ticket, by=user, at=data.get("at"))


def _in(*statuses: str) -> Callable[[Ticket], bool]:
    return lambda ticket: ticket.status in statuses


def _open(ticket: Ticket) -> bool:
    return ticket.is_open


def _unrated_and_resolved(ticket: Ticket) -> bool:
    return ticket.status in (Status.RESOLVED, Status.CLOSED) and not hasattr(ticket, "rating")


def _severity_done(ticket: Ticket, data: dict[str, Any]) -> str:
    label = Severity(data["severity"]).label
    if data.get("previous_severity") == data["severity"]:
        return f"Severity stays {label}."
    return f"Severity changed to {label}."


@dataclass(frozen=True)
class TicketAction:
    label: str
    permission: str  # the role matrix's action
    run: Callable[[Ticket, User, dict[str, Any]], Any]
    # What the person is told it did, from the ticket after the action and what they sent.
    done: Callable[[Ticket, dict[str, Any]], str]
    # Whether a page offers it for the ticket as it is (the lifecycle refuses the rest anyway).
    applies: Callable[[Ticket], bool] = _open


ACTIONS: dict[str, TicketAction] = {
    "respond": TicketAction(
        "Answer", "ticket.acknowledge", _respond, lambda t, d: f"Answer to ticket #{t.pk} recorded."
    ),
    "acknowledge": TicketAction(
        "Acknowledge",
        "ticket.acknowledge",
        lambda t, u, d: lifecycle.ticket_respond(ticket=t, by=u, at=d.get("at"), acknowledge=True),
        lambda t, d: f"Ticket #{t.pk} acknowledged.",
        _in(Status.NEW),
    ),
    "in-progress": TicketAction(
        "Set in progress",
        "ticket.acknowledge",
        lambda t, u, d: lifecycle.ticket_set_in_progress(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} is in progress.",
        _in(Status.ACKNOWLEDGED),
    ),
    "pause": TicketAction(
        "Wait on hospital",
        "ticket.pause",
        lambda t, u, d: lifecycle.ticket_pause(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} is waiting on the hospital; its resolution clock is paused.",
        _in(Status.ACKNOWLEDGED, Status.IN_PROGRESS),
    ),
    "resume": TicketAction(
        "Resume",
        "ticket.resume",
        lambda t, u, d: lifecycle.ticket_resume(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} resumed; its resolution clock runs again.",
        _in(Status.WAITING_ON_HOSPITAL),
    ),
    "resolve": TicketAction(
        "Resolve",
        "ticket.resolve",
        lambda t, u, d: lifecycle.ticket_resolve(ticket=t, by=u, summary=d.get("summary", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} resolved.",
    ),
    "reopen": TicketAction(
        "Reopen",
        "ticket.reopen",
        lambda t, u, d: lifecycle.ticket_reopen(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} reopened.",
        _in(Status.RESOLVED),
    ),
    "close": TicketAction(
        "Close",
        "ticket.close",
        lambda t, u, d: lifecycle.ticket_close(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} closed.",
        _in(Status.RESOLVED),
    ),
    "rate": TicketAction(
        "Rate",
        "ticket.rate",
        lambda t, u, d: ratings.ticket_rate(
            ticket=t, by=u, score=d["score"], comment=d.get("comment", ""), at=d.get("at")
        ),
        lambda t, d: f"Thank you: support on ticket #{t.pk} rated {d['score']} of 5.",
        _unrated_and_resolved,
    ),
    "severity": TicketAction(
        "Change severity",
        "ticket.change_severity",
        lambda t, u, d: lifecycle.ticket_change_severity(ticket=t, by=u, severity=d["severity"], at=d.get("at")),
        _severity_done,
    ),
}


def ticket_actions_offered(ticket: Ticket, user: User) -> dict[str, TicketAction]:
    """The lifecycle actions ``user``'s role may take on ``ticket`` as it is now."""
    return {
        name: action
        for name, action in ACTIONS.items()
        if action.applies(ticket) and can(user, action.permission, ticket)
    }


def ticket_action_run(*, name: str, ticket: Ticket, user: User, data: dict[str, Any]) -> Any:
    """Take action ``name`` on ``ticket`` as ``user``; PermissionDenied when the role may not,
    ValidationError when the ticket's state does not allow it or the input is wrong."""
    action = ACTIONS[name]
    require(user, action.permission, ticket)
    _check_instant(user, data.get("at"))
    return action.run(ticket, user, data)
