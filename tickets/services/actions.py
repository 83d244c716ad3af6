"""The lifecycle actions of a ticket, who may take them, and what each does: one table used by
the API, the hospital UI and the vendor portal alike."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import is_hospital_admin, is_hospital_user, is_vendor_user
from tickets.models import Ticket
from tickets.services import ratings, thread
from tickets.services import tickets as lifecycle


def _hospital(user: object) -> bool:
    return is_hospital_user(user)


def _vendor_or_admin(user: object) -> bool:
    return is_vendor_user(user) or is_hospital_admin(user)


def _anyone(user: object) -> bool:
    return is_hospital_user(user) or is_vendor_user(user)


def _respond(ticket: Ticket, user: object, data: dict[str, Any]) -> None:
    body = data.get("body", "").strip()
    if body:
        thread.ticket_reply(ticket=ticket, by=user, body=body, at=data.get("at"))
        if not is_vendor_user(user):  # an admin recording the vendor's answer from history
            lifecycle.ticket_respond(ticket=ticket, by=user, at=data.get("at"))
    else:
        lifecycle.ticket_respond(ticket=ticket, by=user, at=data.get("at"))


@dataclass(frozen=True)
class TicketAction:
    label: str
    may: Callable[[object], bool]
    run: Callable[[Ticket, object, dict[str, Any]], Any]


ACTIONS: dict[str, TicketAction] = {
    "respond": TicketAction("Answer", _vendor_or_admin, _respond),
    "acknowledge": TicketAction(
        "Acknowledge",
        _vendor_or_admin,
        lambda t, u, d: lifecycle.ticket_respond(ticket=t, by=u, at=d.get("at"), acknowledge=True),
    ),
    "in-progress": TicketAction(
        "Set in progress",
        _vendor_or_admin,
        lambda t, u, d: lifecycle.ticket_set_in_progress(ticket=t, by=u, at=d.get("at")),
    ),
    "pause": TicketAction(
        "Wait on hospital",
        _anyone,
        lambda t, u, d: lifecycle.ticket_pause(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
    ),
    "resume": TicketAction("Resume", _anyone, lambda t, u, d: lifecycle.ticket_resume(ticket=t, by=u, at=d.get("at"))),
    "resolve": TicketAction(
        "Resolve",
        _anyone,
        lambda t, u, d: lifecycle.ticket_resolve(ticket=t, by=u, summary=d.get("summary", ""), at=d.get("at")),
    ),
    "reopen": TicketAction(
        "Reopen",
        _hospital,
        lambda t, u, d: lifecycle.ticket_reopen(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
    ),
    "close": TicketAction("Close", _hospital, lambda t, u, d: lifecycle.ticket_close(ticket=t, by=u, at=d.get("at"))),
    "rate": TicketAction(
        "Rate",
        _hospital,
        lambda t, u, d: ratings.ticket_rate(
            ticket=t, by=u, score=d["score"], comment=d.get("comment", ""), at=d.get("at")
        ),
    ),
    "severity": TicketAction(
        "Change severity",
        _hospital,
        lambda t, u, d: lifecycle.ticket_change_severity(ticket=t, by=u, severity=d["severity"], at=d.get("at")),
    ),
}


def ticket_action_run(*, name: str, ticket: Ticket, user: object, data: dict[str, Any]) -> Any:
    """Take action ``name`` on ``ticket`` as ``user``; PermissionDenied when the role may not,
    ValidationError when the ticket's state does not allow it or the input is wrong."""
    action = ACTIONS[name]
    if not action.may(user):
        raise PermissionDenied(f"Your role cannot {action.label.lower()} a ticket.")
    if data.get("at") is not None and not is_hospital_admin(user):
        raise ValidationError({"at": "Only hospital admins may record past instants."})
    return action.run(ticket, user, data)
