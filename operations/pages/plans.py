"""An upgrade or change plan's page, shared by the hospital UI and the vendor portal: what it
shows a user (the plan, its steps and checks, its test protocol, its latest integration checks,
the moves the user may make now) and the POST of each of its forms, every one through
``operations.services.plans`` (the test protocol's through ``operations.pages.protocols``, the
integration checks through ``operations.services.integration_checks``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from accounts.models import User
from core.permissions import can
from kpis.selectors.probes import timings_text
from operations.forms.plans import (
    CheckSignForm,
    GoDecisionForm,
    NoteForm,
    OutcomeForm,
    PlanCheckForm,
    PlanStepForm,
)
from operations.forms.protocols import ApplyTemplateForm, CaseResultForm, CaseTicketForm, PlanCaseForm
from operations.models import ChangePlan
from operations.pages import protocols
from operations.selectors.plans import check_list, latest_integration_checks
from operations.services import plans as services
from operations.services.integration_checks import (
    integration_checks_queued_text,
    plan_integration_checks_queue,
    plan_may_check_integrations,
)
from operations.tables.plans import change_text, state_badge


@dataclass(frozen=True)
class PlanForms:
    step: PlanStepForm | None
    check: PlanCheckForm | None
    sign: CheckSignForm | None
    go: GoDecisionForm | None
    outcome: OutcomeForm | None
    note: NoteForm | None


def plan_context(plan: ChangePlan, user: User, *, act_url: str) -> dict[str, Any]:
    """The plan with its steps and checks (``plan`` from ``operations.selectors.plans.plan_detail``),
    what ``user`` may do now and the forms for it, all posting to ``act_url``."""
    may = services.plan_may(plan, user)
    default_signer = user.get_full_name() or user.get_username()
    checks = list(plan.checks.all())
    integration = latest_integration_checks(plan)
    context = protocols.protocol_context(plan, user)
    finished = plan.state in (ChangePlan.State.DONE, ChangePlan.State.ROLLED_BACK)
    review = getattr(plan, "lessons_review", None)
    return context | {
        "lessons_review": review,
        "may_write_lessons": finished and review is None and can(user, "lessons.record", plan),
        "plan": plan,
        "may": may,
        "state_badge": state_badge(plan),
        "change": change_text(plan),
        "steps": list(plan.steps.all()),
        "checks": checks,
        "open_checks": [check for check in checks if check.is_open],
        "act_url": act_url,
        "may_check_integrations": plan_may_check_integrations(plan, user),
        "integration_checks": [(check, timings_text(check.probe_run.results)) for check in integration],
        "forms": PlanForms(
            step=PlanStepForm(prefix="step") if may.edit else None,
            check=PlanCheckForm(prefix="check") if may.add_check else None,
            sign=CheckSignForm(initial={"signed_by_name": default_signer}) if may.sign else None,
            go=GoDecisionForm() if may.decide_go else None,
            outcome=OutcomeForm(user=user) if may.complete else None,
            note=NoteForm() if may.cancel else None,
        ),
    }


def _errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(problems)}" if name in form.fields else " ".join(problems)
        for name, problems in form.errors.items()
    )


Step = Callable[[HttpRequest, ChangePlan, Any], str]


def _add_step(request: HttpRequest, plan: ChangePlan, form: PlanStepForm) -> str:
    step = services.plan_step_add(plan=plan, by=request.user, **form.cleaned_data)
    return f"Step {step.position} added."


def _add_check(request: HttpRequest, plan: ChangePlan, form: PlanCheckForm) -> str:
    check = services.plan_check_add(plan=plan, by=request.user, **form.cleaned_data)
    return f"{check.get_stage_display()} item added."


def _sign(request: HttpRequest, plan: ChangePlan, form: CheckSignForm) -> str:
    check = check_list().visible_to(request.user).filter(plan=plan, pk=form.cleaned_data["check"]).first()
    if check is None:
        raise Http404("No such item on this plan.")
    services.plan_check_sign(check=check, signed_by_name=form.cleaned_data["signed_by_name"], by=request.user)
    return f"“{check}” signed by {form.cleaned_data['signed_by_name']}."


def _go(request: HttpRequest, plan: ChangePlan, form: GoDecisionForm) -> str:
    go = form.cleaned_data["decision"] == "go"
    services.plan_decide_go(plan=plan, go=go, note=form.cleaned_data["note"], by=request.user)
    return "Go: the change may start in its window." if go else "No-go: the plan and its window are cancelled."


def _complete(request: HttpRequest, plan: ChangePlan, form: OutcomeForm) -> str:
    plan = services.plan_complete(plan=plan, by=request.user, **form.cleaned_data)
    if plan.state == ChangePlan.State.DONE:
        return f"Done: {plan.component} now runs {change_text(plan).split('→ ')[-1]}."
    return "Rollback recorded; the component's version is unchanged."


def _cancel(request: HttpRequest, plan: ChangePlan, form: NoteForm) -> str:
    services.plan_cancel(plan=plan, note=form.cleaned_data["note"], by=request.user)
    return "Plan cancelled."


def _integration_checks(request: HttpRequest, plan: ChangePlan, form: forms.Form) -> str:
    return integration_checks_queued_text(plan_integration_checks_queue(plan=plan, by=request.user))


def _simple(move: Callable[..., ChangePlan], done: str) -> Step:
    def run(request: HttpRequest, plan: ChangePlan, form: forms.Form) -> str:
        move(plan=plan, by=request.user)
        return done

    return run


ACTIONS: dict[str, tuple[type[forms.Form], str, Step]] = {
    "add_step": (PlanStepForm, "step", _add_step),
    "add_check": (PlanCheckForm, "check", _add_check),
    "sign": (CheckSignForm, "", _sign),
    "propose": (forms.Form, "", _simple(services.plan_propose, "Proposed: the hospital is asked to approve it.")),
    "approve": (
        forms.Form,
        "",
        _simple(services.plan_approve, "Approved: its window is now approved maintenance."),
    ),
    "go": (GoDecisionForm, "", _go),
    "start": (forms.Form, "", _simple(services.plan_start, "Started: the window records the actual start.")),
    "complete": (OutcomeForm, "", _complete),
    "cancel": (NoteForm, "", _cancel),
    # the test protocol
    "add_case": (PlanCaseForm, "case", protocols.add_case),
    "apply_template": (ApplyTemplateForm, "", protocols.apply_template),
    "record_case": (CaseResultForm, "", protocols.record_result),
    "case_ticket": (CaseTicketForm, "", protocols.open_ticket),
    "integration_checks": (forms.Form, "", _integration_checks),
}


def run_plan_action(request: HttpRequest, plan: ChangePlan, *, back_url: str) -> HttpResponse:
    """POST one move or addition (``action``): parse, call the service, report, back to the plan."""
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    form_class, prefix, run = action
    kwargs: dict[str, Any] = {"prefix": prefix or None}
    if form_class is OutcomeForm:
        kwargs["user"] = request.user
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, f"Not saved: {_errors(form)}")
        return HttpResponseRedirect(back_url)
    try:
        done = run(request, plan, form)
    except ValidationError as error:
        messages.error(request, f"Not saved: {' '.join(error.messages)}")
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
