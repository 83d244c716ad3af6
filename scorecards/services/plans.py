"""Improvement plans: opened by an evaluation whose standing requires one (a draft for the
hospital to fill), or by hand; items with an owner side, owner, milestone, status and the
consequence if missed; active plans are the vendor's to see, and the vendor updates the
progress of the items its side owns."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import can, require
from kpis.models import Kpi
from scorecards.models import Evaluation, ImprovementPlan, PlanItem
from vendors.models import Vendor

State = ImprovementPlan.State


def plan_open_for_evaluation(*, evaluation: Evaluation, by: User) -> ImprovementPlan:
    """The draft plan a finalised evaluation's standing asks for (the one it has, if any)."""
    plan, _ = ImprovementPlan.objects.get_or_create(
        evaluation=evaluation,
        defaults={
            "vendor_id": evaluation.vendor_id,
            "title": f"Improvement plan after the {evaluation.period_label} evaluation ({evaluation.standing})",
            "created_by": by,
        },
    )
    return plan


@transaction.atomic
def plan_create(*, vendor: Vendor, title: str, by: User) -> ImprovementPlan:
    """A plan opened by hand (after a chronic SLA failure, an incident review, ...)."""
    require(by, "plan.manage")
    plan = ImprovementPlan(vendor=vendor, title=title.strip(), created_by=by)
    plan.full_clean()
    plan.save()
    return plan


def _locked(plan: ImprovementPlan) -> ImprovementPlan:
    return ImprovementPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_item_add(
    *,
    plan: ImprovementPlan,
    description: str,
    owner_side: str,
    owner: str,
    milestone: datetime.date,
    consequence: str,
    by: User,
    kpi: Kpi | None = None,
    kpi_target: Decimal | None = None,
    kpi_periods: int | None = None,
) -> PlanItem:
    """An item; tied to a KPI it names the target the KPI must hold, and for how many finished
    months in a row, before it closes itself (``scorecards.services.plan_kpis``)."""
    require(by, "plan.manage", plan)
    if (kpi is None) != (kpi_target is None):
        raise ValidationError({"kpi_target": "Name both the KPI and its target, or neither."})
    plan = _locked(plan)
    if plan.state == State.CLOSED:
        raise ValidationError("The plan is closed: reopen it by opening a new plan.")
    item = PlanItem(
        plan=plan,
        description=description.strip(),
        owner_side=owner_side,
        owner=owner.strip(),
        milestone=milestone,
        consequence=consequence.strip(),
        updated_by=by,
        kpi=kpi,
        kpi_target=kpi_target,
        kpi_periods=kpi_periods or 3,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_activate(*, plan: ImprovementPlan, by: User, now: datetime.datetime | None = None) -> ImprovementPlan:
    """Show a draft plan to the vendor: it needs at least one item."""
    require(by, "plan.manage", plan)
    plan = _locked(plan)
    if plan.state != State.DRAFT:
        raise ValidationError("Only a draft plan can be activated.")
    if not plan.items.exists():
        raise ValidationError("Add at least one item before activating the plan.")
    plan.state, plan.activated_at = State.ACTIVE, now or timezone.now()
    plan.save(update_fields=["state", "activated_at", "updated_at"])
    return plan


@transaction.atomic
def plan_close(*, plan: ImprovementPlan, by: User, now: datetime.datetime | None = None) -> ImprovementPlan:
    """Close an active plan once no item is open or in progress."""
    require(by, "plan.manage", plan)
    plan = _locked(plan)
    if plan.state != State.ACTIVE:
        raise ValidationError("Only an active plan can be closed.")
    if plan.items.filter(status__in=[PlanItem.Status.OPEN, PlanItem.Status.IN_PROGRESS]).exists():
        raise ValidationError("Some items are still open or in progress: mark each done or missed first.")
    plan.state, plan.closed_at = State.CLOSED, now or timezone.now()
    plan.save(update_fields=["state", "closed_at", "updated_at"])
    return plan


@transaction.atomic
def plan_item_progress(*, item: PlanItem, status: str, progress: str, by: User) -> PlanItem:
    """Move an item on and say how it stands. Vendor users update their side's items of an
    active plan, and cannot mark an item missed; hospital admins update any item."""
    require(by, "plan.update_progress", item)
    plan = _locked(item.plan)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if plan.state != State.ACTIVE:
        raise ValidationError("Progress is recorded on active plans only.")
    if status not in PlanItem.Status.values:
        raise ValidationError({"status": "Choose a status."})
    managing = can(by, "plan.manage", plan)
    if not managing and item.owner_side != PlanItem.Side.VENDOR:
        raise ValidationError("This item is the hospital's: the hospital records its progress.")
    if not managing and status == PlanItem.Status.MISSED:
        raise ValidationError({"status": "Only the hospital marks an item missed."})
    limits.check_length("progress", progress, limits.NOTE_LENGTH)
    item.status, item.progress, item.updated_by = status, progress.strip(), by
    item.save(update_fields=["status", "progress", "updated_by", "updated_at"])
    return item
