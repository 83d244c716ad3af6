"""The steps of a credit claim, who may take each and from which states: one table used by the
hospital pages, the vendor portal and the API alike. Who may is the role matrix's
(``core.permissions``, each step's ``permission``); from which states, ``credits.ALLOWED_FROM``."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from core import limits
from core.permissions import can, require
from slas.models import CreditStatement
from slas.services import credits


def _recompute(statement: CreditStatement, user: User, data: dict[str, Any]) -> CreditStatement:
    outcome = credits.statement_compute(vendor_id=statement.vendor_id, month=statement.month, actor=user)
    if outcome.result not in ("created", "replaced"):
        raise ValidationError(outcome.reason)
    return outcome.statement


@dataclass(frozen=True)
class CreditAction:
    label: str
    permission: str  # the role matrix's action
    run: Callable[[CreditStatement, User, dict[str, Any]], CreditStatement]
    done: str  # what happened, formatted with the statement afterwards
    text_field: str = ""  # the text the step takes: a note, the dispute's reason, the invoice
    text_label: str = ""
    text_required: bool = False
    text_max_length: int = limits.NOTE_LENGTH

    def offered(self, name: str, statement: CreditStatement, user: User) -> bool:
        return can(user, self.permission, statement) and statement.state in credits.ALLOWED_FROM[name]


ACTIONS: dict[str, CreditAction] = {
    "claim": CreditAction(
        "Claim from the vendor",
        "credit.manage",
        lambda s, u, d: credits.statement_claim(statement=s, actor=u, note=d.get("note", "")),
        "Credit claimed from {statement.vendor}; their portal users were notified.",
        "note",
        "Note to the vendor (optional)",
    ),
    "acknowledge": CreditAction(
        "Acknowledge",
        "credit.respond",
        lambda s, u, d: credits.statement_acknowledge(statement=s, actor=u, note=d.get("note", "")),
        "Credit acknowledged; the hospital was notified.",
        "note",
        "Note (optional)",
    ),
    "dispute": CreditAction(
        "Dispute",
        "credit.respond",
        lambda s, u, d: credits.statement_dispute(statement=s, actor=u, reason=d.get("reason", "")),
        "Dispute sent; the hospital will answer it here.",
        "reason",
        "Why do you dispute the credit?",
        text_required=True,
    ),
    "answer": CreditAction(
        "Answer and uphold the claim",
        "credit.manage",
        lambda s, u, d: credits.statement_answer(statement=s, actor=u, note=d.get("note", "")),
        "Dispute answered; the claim stands and {statement.vendor} was notified.",
        "note",
        "Answer to the vendor's reasons",
        text_required=True,
    ),
    "apply": CreditAction(
        "Apply to invoice",
        "credit.manage",
        lambda s, u, d: credits.statement_apply(statement=s, actor=u, invoice_reference=d.get("invoice_reference", "")),
        "Credit applied to invoice {statement.invoice_reference}.",
        "invoice_reference",
        "Invoice reference",
        text_required=True,
        text_max_length=CreditStatement._meta.get_field("invoice_reference").max_length,
    ),
    "recompute": CreditAction(
        "Recompute",
        "credit.manage",
        _recompute,
        "Statement recomputed: {statement.credit_amount} {statement.currency} owed.",
    ),
}


def credit_actions_offered(statement: CreditStatement, user: User) -> dict[str, CreditAction]:
    """The steps ``user`` may take on ``statement`` in its present state."""
    return {name: action for name, action in ACTIONS.items() if action.offered(name, statement, user)}


def credit_action_run(
    *, name: str, statement: CreditStatement, user: User, data: dict[str, Any]
) -> tuple[CreditStatement, str]:
    """Take step ``name`` on ``statement`` as ``user``: PermissionDenied when the role may not,
    ValidationError when the state does not allow it or the input is missing. Returns the
    statement as it is now and a sentence saying what happened."""
    action = ACTIONS.get(name)
    if action is None:
        raise ValidationError("Unknown action.")
    require(user, action.permission, statement)
    statement = action.run(statement, user, data)
    return statement, action.done.format(statement=statement)
