"""A credit statement's page, shared by the hospital UI and the portal: what both show, and
taking one step of the claim from a POST."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from accounts.models import User
from slas.models import CreditStatement
from slas.selectors.credits import claim_overdue
from slas.services.credit_actions import credit_action_run, credit_actions_offered


def statement_page_context(statement: CreditStatement, user: User, *, act_url: str) -> dict[str, Any]:
    """What the hospital page and the portal page of a statement both show."""
    return {
        "events": list(statement.events.all()),
        "actions": credit_actions_offered(statement, user),
        "act_url": act_url,
        "claim_overdue": claim_overdue(statement),
    }


def run_credit_action(request: HttpRequest, statement: CreditStatement, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: parse, take the step, report, go back."""
    data = {key: request.POST.get(key, "") for key in ("note", "reason", "invoice_reference")}
    try:
        _, done = credit_action_run(
            name=request.POST.get("action", ""), statement=statement, user=request.user, data=data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
