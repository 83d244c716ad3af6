"""Writes on upgrade and change plans: drafting a plan with its steps and checks, and every move
of its state machine, for the hospital pages, the portal and the API alike.

    draft -> proposed -> approved -> go -> in progress -> done | rolled back
    draft, proposed, approved, go -> cancelled (a no-go cancels too)

Rules enforced here:

- a plan targets a release newer than the one its component runs (``operations.versions``); it
  is drafted and edited (steps and checks too) by the vendor or a hospital admin until approved;
- a proposal needs steps, a rollback plan and at least one go/no-go item;
- approving a plan makes its window an approved maintenance window in ``slas`` (through
  ``slas.services.maintenance``, linked, not copied);
- no "go" while any pre-check or go/no-go item is open (unsigned), or while the window is not
  approved; a no-go says why and cancels the plan and its window;
- the outcome is a success (the component's version changes, through
  ``operations.services.lifecycle.version_change_record``) or a rollback (saying why, with the
  incident if there was one);
- no success while a mandatory case of the plan's test protocol has not passed
  (``operations.services.protocols`` records the results).

Moves of one plan are serialised by locking its row; a refused move writes nothing."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core import limits
from core.links import Audience, object_url
from core.permissions import can, require
from core.roles import hospital_admins, hospital_users, vendor_users
from notifications.event_types import EventType
from notifications.services.notify import notify
from operations.models import ChangePlan, PlanCheck, PlanStep, VersionChange
from operations.selectors.protocols import mandatory_cases_not_passed
from operations.services.lifecycle import lifecycle_of, version_change_record
from operations.versions import compare_releases
from slas.models import Incident, MaintenanceWindow
from slas.services.maintenance import (
    MaintenancePlan,
    maintenance_cancel,
    maintenance_record_actuals,
    maintenance_save,
)

State = ChangePlan.State
EDITABLE_STATES = (State.DRAFT, State.PROPOSED)
CHECKABLE_STATES = (State.DRAFT, State.PROPOSED, State.APPROVED)
CANCELLABLE_STATES = (State.DRAFT, State.PROPOSED, State.APPROVED, State.GO)


@dataclass(frozen=True)
class PlanMay:
    """What a user may do with a plan now; the services enforce the same rules."""

    edit: bool
    add_check: bool
    propose: bool
    sign: bool
    approve: bool
    decide_go: bool
    start: bool
    complete: bool
    cancel: bool


def plan_may(plan: ChangePlan, user: User) -> PlanMay:
    """The role matrix's answer for ``user`` on ``plan``, narrowed to what its state allows."""
    edit = can(user, "change_plan.edit", plan)
    decide = can(user, "change_plan.decide", plan)
    run = can(user, "change_plan.run", plan)
    return PlanMay(
        edit=edit and plan.state in EDITABLE_STATES,
        add_check=edit and plan.state in CHECKABLE_STATES,
        propose=edit and plan.state == State.DRAFT,
        sign=can(user, "change_plan.sign", plan) and plan.state in CHECKABLE_STATES,
        approve=decide and plan.state == State.PROPOSED,
        decide_go=decide and plan.state == State.APPROVED,
        start=run and plan.state == State.GO,
        complete=run and plan.state == State.IN_PROGRESS,
        cancel=decide and plan.state in CANCELLABLE_STATES,
    )


def _locked(plan: ChangePlan) -> ChangePlan:
    return ChangePlan.objects.select_for_update().get(pk=plan.pk)


def _in_state(plan: ChangePlan, states: Iterable[str], doing: str) -> None:
    states = tuple(states)
    if plan.state not in states:
        wanted = " or ".join(State(state).label.lower() for state in states)
        raise ValidationError(f"Only a {wanted} plan can be {doing}; this one is {plan.get_state_display().lower()}.")


def _window_text(plan: ChangePlan) -> str:
    start, end = timezone.localtime(plan.window_start), timezone.localtime(plan.window_end)
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}"


def _release(version: str, patch_level: str) -> str:
    return " ".join(part for part in (version, patch_level) if part)


@transaction.atomic
def plan_save(*, plan: ChangePlan, by: User) -> ChangePlan:
    """Draft a plan or change it before approval. The plan starts from the release its component
    runs now, and must go to a newer one; a vendor plans for its own components only."""
    if plan.component_id is None:
        raise ValidationError({"component": "Choose the component to change."})
    plan.vendor_id = plan.component.vendor_id
    require(by, "change_plan.edit", plan)
    if plan.pk is not None:
        stored = _locked(plan)
        _in_state(stored, EDITABLE_STATES, "edited")
        if stored.component_id != plan.component_id:
            raise ValidationError({"component": "A plan stays with its component: cancel it and draft another."})
    else:
        plan.state, plan.created_by = State.DRAFT, by
    plan.to_version, plan.to_patch_level = plan.to_version.strip(), plan.to_patch_level.strip()
    lifecycle = lifecycle_of(plan.component)
    plan.from_version, plan.from_patch_level = lifecycle.software_version, lifecycle.patch_level
    if plan.from_version:
        target = (plan.to_version, plan.to_patch_level)
        if compare_releases((plan.from_version, plan.from_patch_level), target) <= 0:
            raise ValidationError(
                {
                    "to_version": f"The component runs {_release(plan.from_version, plan.from_patch_level)}: "
                    "plan a newer release (going back is a rollback, recorded on the lifecycle page)."
                }
            )
    plan.full_clean(exclude=["created_by", "approved_by", "go_decided_by"])
    plan.save()
    return plan


@transaction.atomic
def plan_step_add(*, plan: ChangePlan, description: str, side: str, owner: str, by: User) -> PlanStep:
    """Add a step at the end of the plan, before approval."""
    require(by, "change_plan.edit", plan)
    plan = _locked(plan)
    _in_state(plan, EDITABLE_STATES, "given steps")
    last = plan.steps.aggregate(last=Max("position"))["last"] or 0
    step = PlanStep(plan=plan, position=last + 1, description=description.strip(), side=side, owner=owner.strip())
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def plan_check_add(*, plan: ChangePlan, stage: str, description: str, by: User) -> PlanCheck:
    """Add a pre-check or a go/no-go item, until the go decision."""
    require(by, "change_plan.edit", plan)
    plan = _locked(plan)
    _in_state(plan, CHECKABLE_STATES, "given checks")
    check = PlanCheck(plan=plan, stage=stage, description=description.strip())
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def plan_check_sign(*, check: PlanCheck, signed_by_name: str, by: User) -> PlanCheck:
    """Sign an open item in the name of the person who vouches for it, until the go decision."""
    require(by, "change_plan.sign", check.plan)
    _in_state(_locked(check.plan), CHECKABLE_STATES, "signed off")
    check = PlanCheck.objects.select_for_update().get(pk=check.pk)
    if not check.is_open:
        raise ValidationError(f"“{check}” was signed by {check.signed_by_name} already.")
    name = signed_by_name.strip()
    if not name:
        raise ValidationError({"signed_by_name": "Name the person who signs this item."})
    check.signed_by_name, check.signed_at, check.signed_by_user = name, timezone.now(), by
    check.full_clean(exclude=["signed_by_user"])
    check.save(update_fields=["signed_by_name", "signed_at", "signed_by_user", "updated_at"])
    return check


@transaction.atomic
def plan_propose(*, plan: ChangePlan, by: User) -> ChangePlan:
    """Put a draft to the hospital: it needs steps, a rollback plan and a go/no-go item."""
    require(by, "change_plan.edit", plan)
    plan = _locked(plan)
    _in_state(plan, [State.DRAFT], "proposed")
    missing = []
    if not plan.steps.exists():
        missing.append("its steps")
    if not plan.rollback_plan.strip():
        missing.append("a rollback plan")
    if not plan.checks.filter(stage=PlanCheck.Stage.GO_NO_GO).exists():
        missing.append("at least one go/no-go item")
    if missing:
        raise ValidationError(f"Before proposing, give the plan {', '.join(missing)}.")
    plan.state, plan.proposed_at = State.PROPOSED, timezone.now()
    plan.save(update_fields=["state", "proposed_at", "updated_at"])
    notify(
        event=EventType.CHANGE_PLAN_PROPOSED,
        recipients=hospital_admins(),
        actor=by,
        title=f"Change plan to approve: {plan}",
        body=f"{plan.component}: {_release(plan.from_version, plan.from_patch_level) or 'no version recorded'} to "
        f"{_release(plan.to_version, plan.to_patch_level)}, {_window_text(plan)}.",
        url=plan.get_absolute_url(),
    )
    return plan


@transaction.atomic
def plan_approve(*, plan: ChangePlan, by: User) -> ChangePlan:
    """Approve a proposed plan: its window becomes approved maintenance of its component."""
    require(by, "change_plan.decide", plan)
    plan = _locked(plan)
    _in_state(plan, [State.PROPOSED], "approved")
    window = maintenance_save(
        window=None,
        plan=MaintenancePlan(
            title=f"{plan.get_kind_display()}: {plan.title}"[:200],
            planned_start=plan.window_start,
            planned_end=plan.window_end,
            description=f"Change plan CP-{plan.pk}: {plan.component} to "
            f"{_release(plan.to_version, plan.to_patch_level)}.",
            components=(plan.component,),
            vendor_id=plan.vendor_id,
        ),
        actor=by,
    )
    plan.state, plan.approved_by, plan.approved_at = State.APPROVED, by, timezone.now()
    plan.maintenance_window = window
    plan.save(update_fields=["state", "approved_by", "approved_at", "maintenance_window", "updated_at"])
    notify(
        event=EventType.CHANGE_PLAN_APPROVED,
        recipients=vendor_users(plan.vendor_id),
        actor=by,
        title=f"Change plan approved: {plan}",
        body=f"Its window is approved maintenance ({window}).",
        url=object_url(plan, audience=Audience.VENDOR),
    )
    return plan


def _open_items(plan: ChangePlan) -> list[str]:
    return [str(check) for check in plan.checks.filter(signed_at__isnull=True)]


@transaction.atomic
def plan_decide_go(*, plan: ChangePlan, go: bool, note: str = "", by: User) -> ChangePlan:
    """Decide go or no-go for an approved plan. Go needs every item signed and the window still
    approved; no-go says why, and cancels the plan and its window."""
    require(by, "change_plan.decide", plan)
    plan = _locked(plan)
    _in_state(plan, [State.APPROVED], "decided go or no-go")
    note = note.strip()
    limits.check_length("note", note, limits.NOTE_LENGTH)
    if go:
        still_open = _open_items(plan)
        if still_open:
            raise ValidationError(f"No go while items are open: {'; '.join(still_open)}.")
        window = plan.maintenance_window
        if window is None or window.state != MaintenanceWindow.State.APPROVED:
            raise ValidationError("No go: the plan's maintenance window is not approved.")
        plan.state = State.GO
    else:
        if not note:
            raise ValidationError({"note": "Say why it is a no-go."})
        _cancel_window(plan, by)
        plan.state = State.CANCELLED
    plan.go_decided_by, plan.go_decided_at, plan.decision_note = by, timezone.now(), note
    plan.save(update_fields=["state", "go_decided_by", "go_decided_at", "decision_note", "updated_at"])
    verdict = "Go" if go else "No-go"
    told = ((vendor_users(plan.vendor_id), Audience.VENDOR), (hospital_users(), Audience.HOSPITAL))
    for recipients, audience in told:
        notify(
            event=EventType.CHANGE_PLAN_GO,
            recipients=recipients,
            actor=by,
            title=f"{verdict} for {plan}",
            body=note,
            url=object_url(plan, audience=audience),
        )
    return plan


def _cancel_window(plan: ChangePlan, by: User) -> None:
    window = plan.maintenance_window
    still_open = (MaintenanceWindow.State.PROPOSED, MaintenanceWindow.State.APPROVED)
    if window is not None and window.state in still_open and window.actual_start is None:
        maintenance_cancel(window=window, actor=by)


@transaction.atomic
def plan_start(*, plan: ChangePlan, by: User) -> ChangePlan:
    """The work of a plan with its go starts now; its window records the actual start."""
    require(by, "change_plan.run", plan)
    plan = _locked(plan)
    _in_state(plan, [State.GO], "started")
    now = timezone.now()
    plan.state, plan.started_at = State.IN_PROGRESS, now
    plan.save(update_fields=["state", "started_at", "updated_at"])
    if plan.maintenance_window is not None:
        maintenance_record_actuals(window=plan.maintenance_window, actual_start=now, actual_end=None)
    return plan


@transaction.atomic
def plan_complete(
    *, plan: ChangePlan, outcome: str, note: str = "", incident: Incident | None = None, by: User
) -> ChangePlan:
    """Record how a started change ended. A success moves the component to the plan's release
    (a recorded version change); a rollback leaves it where it was, says why, and may name the
    incident it caused."""
    require(by, "change_plan.run", plan)
    plan = _locked(plan)
    _in_state(plan, [State.IN_PROGRESS], "completed")
    note = note.strip()
    limits.check_length("note", note, limits.NOTE_LENGTH)
    if outcome not in ChangePlan.Outcome.values:
        raise ValidationError({"outcome": "Choose success or rolled back."})
    if incident is not None and incident.vendor_id != plan.vendor_id:
        raise ValidationError({"incident": "Not an incident of this plan's vendor."})
    now = timezone.now()
    if outcome == ChangePlan.Outcome.SUCCESS:
        not_passed = mandatory_cases_not_passed(plan)
        if not_passed:
            raise ValidationError(
                {
                    "outcome": "Not done while mandatory test cases have not passed: "
                    f"{'; '.join(not_passed)}. Record their results, or record a rollback."
                }
            )
        plan.version_change = version_change_record(
            component=plan.component,
            to_version=plan.to_version,
            to_patch_level=plan.to_patch_level,
            changed_on=timezone.localdate(now),
            kind=VersionChange.Kind.PATCH if plan.kind == ChangePlan.Kind.PATCH else VersionChange.Kind.UPGRADE,
            note=f"Change plan CP-{plan.pk}. {note}".strip(),
            by=by,
        )
        plan.state = State.DONE
    else:
        if not note:
            raise ValidationError({"note": "Say what made you roll back."})
        plan.state = State.ROLLED_BACK
    plan.outcome, plan.outcome_note, plan.incident, plan.finished_at = outcome, note, incident, now
    plan.save(
        update_fields=["state", "outcome", "outcome_note", "incident", "finished_at", "version_change", "updated_at"]
    )
    window = plan.maintenance_window
    if window is not None and window.actual_start is not None and window.actual_end is None:
        maintenance_record_actuals(window=window, actual_start=window.actual_start, actual_end=now)
    return plan


@transaction.atomic
def plan_cancel(*, plan: ChangePlan, note: str, by: User) -> ChangePlan:
    """Call off a plan whose work has not started; its maintenance window is cancelled too."""
    require(by, "change_plan.decide", plan)
    plan = _locked(plan)
    _in_state(plan, CANCELLABLE_STATES, "cancelled")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say why the plan is cancelled."})
    limits.check_length("note", note, limits.NOTE_LENGTH)
    _cancel_window(plan, by)
    plan.state, plan.decision_note = State.CANCELLED, note
    plan.save(update_fields=["state", "decision_note", "updated_at"])
    return plan
