"""The test protocol on a change plan's page, shared by the hospital UI and the portal: the plan's
cases with their results, what the user may do with them now, and the POST of each of its forms
(``operations.pages.plans.ACTIONS`` takes them in), every one through
``operations.services.protocols``."""

from typing import Any

from django.http import Http404, HttpRequest

from accounts.models import User
from operations.forms.protocols import ApplyTemplateForm, CaseResultForm, CaseTicketForm, PlanCaseForm
from operations.models import ChangePlan, PlanTestCase
from operations.selectors.protocols import plan_case_list, templates_for
from operations.services import protocols as services


def protocol_context(plan: ChangePlan, user: User) -> dict[str, Any]:
    """The protocol of ``plan`` (its ``test_cases`` prefetched by ``plan_detail``) for ``user``."""
    may = services.protocol_may(plan, user)
    cases = list(plan.test_cases.all())
    mandatory = [case for case in cases if case.mandatory]
    templates = list(templates_for(plan)) if may.add_case else []
    return {
        "protocol_may": may,
        "test_cases": cases,
        "protocol_summary": {
            "passed": sum(case.result == PlanTestCase.Result.PASS for case in cases),
            "failed": sum(case.result == PlanTestCase.Result.FAIL for case in cases),
            "mandatory_open": sum(case.result != PlanTestCase.Result.PASS for case in mandatory),
        },
        "case_form": PlanCaseForm(prefix="case") if may.add_case else None,
        "template_form": ApplyTemplateForm(plan=plan) if templates else None,
        "result_choices": PlanTestCase.Result.choices if may.record else None,
        "ticket_form": CaseTicketForm() if may.open_ticket else None,
    }


def _case(request: HttpRequest, plan: ChangePlan, case_id: int) -> PlanTestCase:
    case = plan_case_list().visible_to(request.user).filter(plan=plan, pk=case_id).first()
    if case is None:
        raise Http404("No such test case on this plan.")
    return case


def add_case(request: HttpRequest, plan: ChangePlan, form: PlanCaseForm) -> str:
    case = services.case_add(plan=plan, by=request.user, **form.cleaned_data)
    return f"Test case {case.position} added."


def apply_template(request: HttpRequest, plan: ChangePlan, form: ApplyTemplateForm) -> str:
    template = form.cleaned_data["template"]
    added = services.protocol_from_template(plan=plan, template=template, by=request.user)
    return f"{len(added)} test case{'s' if len(added) != 1 else ''} added from “{template}”."


def record_result(request: HttpRequest, plan: ChangePlan, form: CaseResultForm) -> str:
    case = _case(request, plan, form.cleaned_data["case"])
    case = services.case_record(
        case=case, result=form.cleaned_data["result"], notes=form.cleaned_data["notes"], by=request.user
    )
    return f"“{case}”: {case.get_result_display().lower()} recorded."


def open_ticket(request: HttpRequest, plan: ChangePlan, form: CaseTicketForm) -> str:
    case = _case(request, plan, form.cleaned_data["case"])
    ticket = services.case_open_ticket(case=case, severity=form.cleaned_data["severity"], by=request.user)
    return f"Ticket {ticket} opened with {plan.vendor} for “{case}”."
