"""An improvement plan's page, shared by the hospital UI and the portal: its items with owner
side, milestone, status and consequence, and taking one step from a POST."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from accounts.models import User
from core.permissions import can
from scorecards.forms.plans import ItemProgressForm, PlanItemForm
from scorecards.models import ImprovementPlan, PlanItem
from scorecards.services import plans as services

State = ImprovementPlan.State


def plan_context(plan: ImprovementPlan, user: User, *, act_url: str) -> dict[str, Any]:
    """What the hospital page and the portal page of a plan both show."""
    manages = can(user, "plan.manage", plan)
    updates = can(user, "plan.update_progress", plan) and plan.state == State.ACTIVE
    today = timezone.localdate()
    rows = [
        {
            "item": item,
            "overdue": item.status in (PlanItem.Status.OPEN, PlanItem.Status.IN_PROGRESS) and item.milestone < today,
            "may_update": updates and (manages or item.owner_side == PlanItem.Side.VENDOR),
        }
        for item in plan.items.all()
    ]
    statuses = PlanItem.Status.choices if manages else [c for c in PlanItem.Status.choices if c[0] != "missed"]
    return {
        "rows": rows,
        "act_url": act_url,
        "manages": manages,
        "statuses": statuses,
        "may_add": manages and plan.state != State.CLOSED,
        "may_activate": manages and plan.state == State.DRAFT,
        "may_close": manages and plan.state == State.ACTIVE,
        "item_form": PlanItemForm(),
    }


def _add(request: HttpRequest, plan: ImprovementPlan, form: PlanItemForm) -> str:
    services.plan_item_add(plan=plan, by=request.user, **form.cleaned_data)
    return "Item added."


def _progress(request: HttpRequest, plan: ImprovementPlan, form: ItemProgressForm) -> str:
    item = plan.items.filter(pk=form.cleaned_data["item"]).first()
    if item is None:
        raise ValidationError("This plan has no such item.")
    services.plan_item_progress(
        item=item, status=form.cleaned_data["status"], progress=form.cleaned_data["progress"], by=request.user
    )
    return f"“{item}” updated."


def _simple(step: Callable[..., ImprovementPlan], done: str) -> Callable[[HttpRequest, ImprovementPlan, Form], str]:
    def run(request: HttpRequest, plan: ImprovementPlan, form: Form) -> str:
        step(plan=plan, by=request.user)
        return done

    return run


ACTIONS: dict[str, tuple[type[Form], Callable[[HttpRequest, ImprovementPlan, Any], str]]] = {
    "add_item": (PlanItemForm, _add),
    "progress": (ItemProgressForm, _progress),
    "activate": (Form, _simple(services.plan_activate, "Activated: the vendor sees the plan in the portal.")),
    "close": (Form, _simple(services.plan_close, "Plan closed.")),
}


def run_plan_action(request: HttpRequest, plan: ImprovementPlan, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: parse, take the step, report, go back."""
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    form_class, run = action
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()))
        return HttpResponseRedirect(back_url)
    try:
        done = run(request, plan, form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
