"""The lifecycle actions of a ticket, who may take them, and what each does: one table used by
the API, the hospital UI and the vendor portal alike."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import is_hospital_admin, is_hospital_user, is_vendor_user
from slas.models import Severity
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


def _severity_done(ticket: Ticket, data: dict[str, Any]) -> str:
    label = Severity(data["severity"]).label
    if data.get("previous_severity") == data["severity"]:
        return f"Severity stays {label}."
    return f"Severity changed to {label}."


@dataclass(frozen=True)
class TicketAction:
    label: str
    may: Callable[[object], bool]
    run: Callable[[Ticket, object, dict[str, Any]], Any]
    # What the person is told it did, from the ticket after the action and what they sent.
    done: Callable[[Ticket, dict[str, Any]], str]


ACTIONS: dict[str, TicketAction] = {
    "respond": TicketAction("Answer", _vendor_or_admin, _respond, lambda t, d: f"Answer to ticket #{t.pk} recorded."),
    "acknowledge": TicketAction(
        "Acknowledge",
        _vendor_or_admin,
        lambda t, u, d: lifecycle.ticket_respond(ticket=t, by=u, at=d.get("at"), acknowledge=True),
        lambda t, d: f"Ticket #{t.pk} acknowledged.",
    ),
    "in-progress": TicketAction(
        "Set in progress",
        _vendor_or_admin,
        lambda t, u, d: lifecycle.ticket_set_in_progress(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} is in progress.",
    ),
    "pause": TicketAction(
        "Wait on hospital",
        _anyone,
        lambda t, u, d: lifecycle.ticket_pause(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} is waiting on the hospital; its resolution clock is paused.",
    ),
    "resume": TicketAction(
        "Resume",
        _anyone,
        lambda t, u, d: lifecycle.ticket_resume(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} resumed; its resolution clock runs again.",
    ),
    "resolve": TicketAction(
        "Resolve",
        _anyone,
        lambda t, u, d: lifecycle.ticket_resolve(ticket=t, by=u, summary=d.get("summary", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} resolved.",
    ),
    "reopen": TicketAction(
        "Reopen",
        _hospital,
        lambda t, u, d: lifecycle.ticket_reopen(ticket=t, by=u, reason=d.get("reason", ""), at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} reopened.",
    ),
    "close": TicketAction(
        "Close",
        _hospital,
        lambda t, u, d: lifecycle.ticket_close(ticket=t, by=u, at=d.get("at")),
        lambda t, d: f"Ticket #{t.pk} closed.",
    ),
    "rate": TicketAction(
        "Rate",
        _hospital,
        lambda t, u, d: ratings.ticket_rate(
            ticket=t, by=u, score=d["score"], comment=d.get("comment", ""), at=d.get("at")
        ),
        lambda t, d: f"Thank you: support on ticket #{t.pk} rated {d['score']} of 5.",
    ),
    "severity": TicketAction(
        "Change severity",
        _hospital,
        lambda t, u, d: lifecycle.ticket_change_severity(ticket=t, by=u, severity=d["severity"], at=d.get("at")),
        _severity_done,
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
