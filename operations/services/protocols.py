"""Writes on test protocols: keeping the templates, giving a plan its cases (from a template of its
component's kind, or one by one), recording each case's result after the change, and opening a
ticket for a failed case.

Rules enforced here:

- hospital admins keep the templates (``protocol.manage``);
- a plan's cases are added by whoever may edit the plan (``change_plan.edit``) until its go;
  a template applies only to a plan for a component of its kind, and applying it twice adds
  nothing new;
- results are recorded (``change_plan.test``) while the change is in progress, when the change is
  on the live system; a fail or a "not run" says why;
- a failed case opens one ticket with the vendor (``ticket.open``, through
  ``tickets.services.tickets``), linked to the case;
- a plan is not done while a mandatory case has not passed: ``operations.services.plans``
  asks ``operations.selectors.protocols.mandatory_cases_not_passed`` before a success.

Writes on one plan's cases lock the plan's row first; a refused write stores nothing."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import can, require
from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate, ProtocolTemplateCase
from slas.models import Severity
from tickets.models import Ticket
from tickets.services.tickets import ticket_open

State = ChangePlan.State
Result = PlanTestCase.Result
CASE_EDITABLE_STATES = (State.DRAFT, State.PROPOSED, State.APPROVED, State.GO)


@dataclass(frozen=True)
class ProtocolMay:
    """What a user may do with a plan's test protocol now; the services enforce the same rules."""

    add_case: bool
    record: bool
    open_ticket: bool


def protocol_may(plan: ChangePlan, user: User) -> ProtocolMay:
    return ProtocolMay(
        add_case=can(user, "change_plan.edit", plan) and plan.state in CASE_EDITABLE_STATES,
        record=can(user, "change_plan.test", plan) and plan.state == State.IN_PROGRESS,
        open_ticket=can(user, "ticket.open", plan),
    )


def _locked_plan(plan: ChangePlan) -> ChangePlan:
    return ChangePlan.objects.select_for_update().select_related("component").get(pk=plan.pk)


def _cases_editable(plan: ChangePlan) -> None:
    if plan.state not in CASE_EDITABLE_STATES:
        raise ValidationError(f"Test cases are added until the go; this plan is {plan.get_state_display().lower()}.")


def _next_position(plan: ChangePlan) -> int:
    return (plan.test_cases.aggregate(last=Max("position"))["last"] or 0) + 1


# --- templates ---


@transaction.atomic
def template_save(*, template: ProtocolTemplate, by: User) -> ProtocolTemplate:
    """Add or change a template (its name, kind, description, whether it is offered)."""
    require(by, "protocol.manage")
    template.name = template.name.strip()
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_case_add(
    *, template: ProtocolTemplate, title: str, expected_result: str, mandatory: bool = True, by: User
) -> ProtocolTemplateCase:
    """Add a case at the end of a template; plans that copied it earlier keep their copies."""
    require(by, "protocol.manage")
    template = ProtocolTemplate.objects.select_for_update().get(pk=template.pk)
    last = template.cases.aggregate(last=Max("position"))["last"] or 0
    case = ProtocolTemplateCase(
        template=template,
        position=last + 1,
        title=title.strip(),
        expected_result=expected_result.strip(),
        mandatory=mandatory,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def template_case_remove(*, case: ProtocolTemplateCase, by: User) -> None:
    """Take a case out of a template (plans that copied it keep their copies)."""
    require(by, "protocol.manage")
    ProtocolTemplateCase.objects.filter(pk=case.pk).delete()


# --- a plan's cases ---


@transaction.atomic
def protocol_from_template(*, plan: ChangePlan, template: ProtocolTemplate, by: User) -> list[PlanTestCase]:
    """Copy a template's cases to the end of the plan's protocol, except those it already has
    from that template. Answers the cases added."""
    require(by, "change_plan.edit", plan)
    plan = _locked_plan(plan)
    _cases_editable(plan)
    if not template.active:
        raise ValidationError({"template": f"“{template}” is no longer offered."})
    if template.component_kind != plan.component.kind:
        raise ValidationError(
            {
                "template": f"“{template}” tests {template.get_component_kind_display()} components; "
                f"{plan.component} is {plan.component.get_kind_display()}."
            }
        )
    template_cases = list(template.cases.order_by("position", "id"))
    if not template_cases:
        raise ValidationError({"template": f"“{template}” has no cases yet."})
    copied = set(plan.test_cases.filter(template=template).values_list("title", flat=True))
    position = _next_position(plan)
    added = []
    for source in template_cases:
        if source.title in copied:
            continue
        added.append(
            PlanTestCase(
                plan=plan,
                position=position,
                title=source.title,
                expected_result=source.expected_result,
                mandatory=source.mandatory,
                template=template,
            )
        )
        position += 1
    if not added:
        raise ValidationError({"template": f"The plan has every case of “{template}” already."})
    return PlanTestCase.objects.bulk_create(added)


@transaction.atomic
def case_add(*, plan: ChangePlan, title: str, expected_result: str, mandatory: bool = True, by: User) -> PlanTestCase:
    """Add a case of the plan's own at the end of its protocol, until the go."""
    require(by, "change_plan.edit", plan)
    plan = _locked_plan(plan)
    _cases_editable(plan)
    case = PlanTestCase(
        plan=plan,
        position=_next_position(plan),
        title=title.strip(),
        expected_result=expected_result.strip(),
        mandatory=mandatory,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_record(*, case: PlanTestCase, result: str, notes: str = "", by: User) -> PlanTestCase:
    """Record a case's result on the changed system: pass, fail (saying what happened) or not run
    (saying why). Recorded again, the newest result counts."""
    require(by, "change_plan.test", case.plan)
    plan = _locked_plan(case.plan)
    if plan.state != State.IN_PROGRESS:
        raise ValidationError(
            f"Results are recorded while the change is in progress; this plan is {plan.get_state_display().lower()}."
        )
    if result not in Result.values:
        raise ValidationError({"result": "Choose pass, fail or not run."})
    notes = notes.strip()
    limits.check_length("notes", notes, limits.NOTE_LENGTH)
    if result != Result.PASS and not notes:
        raise ValidationError({"notes": "Say what happened (for a fail) or why it was not run."})
    case = PlanTestCase.objects.select_for_update().get(pk=case.pk, plan=plan)
    case.result, case.notes, case.recorded_at, case.recorded_by = result, notes, timezone.now(), by
    case.save(update_fields=["result", "notes", "recorded_at", "recorded_by", "updated_at"])
    return case


@transaction.atomic
def case_open_ticket(*, case: PlanTestCase, severity: str, by: User) -> Ticket:
    """Open a ticket with the plan's vendor for a failed case, once, and link it to the case."""
    require(by, "ticket.open", case.plan)
    case = PlanTestCase.objects.select_for_update().select_related("plan", "plan__component").get(pk=case.pk)
    if case.result != Result.FAIL:
        raise ValidationError("Only a failed case opens a ticket.")
    if case.ticket_id is not None:
        raise ValidationError(f"“{case}” has its ticket already: {case.ticket}.")
    if severity not in Severity.values:
        raise ValidationError({"severity": "Choose a severity."})
    plan = case.plan
    ticket = ticket_open(
        vendor_id=plan.vendor_id,
        severity=severity,
        title=f"Test failed after CP-{plan.pk}: {case.title}"[:200],
        description=f"Change plan CP-{plan.pk} ({plan.title}) on {plan.component}.\n"
        f"Test case: {case.title}\nExpected: {case.expected_result}\nWhat happened: {case.notes}",
        reporter=by,
        component_id=plan.component_id,
    )
    case.ticket = ticket
    case.save(update_fields=["ticket", "updated_at"])
    return ticket
