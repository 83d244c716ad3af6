"""Reads on improvement plans for the hospital UI and the portal (scoped by the callers)."""

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from scorecards.models import ImprovementPlan, PlanItem, PlanItemCheck

STILL_OPEN = [PlanItem.Status.OPEN, PlanItem.Status.IN_PROGRESS]


def plan_list() -> QuerySet[ImprovementPlan]:
    """Plans with their vendor, open items and next open milestone annotated (one query)."""
    still_open = Q(items__status__in=STILL_OPEN)
    return ImprovementPlan.objects.select_related("vendor", "evaluation").annotate(
        open_items=Count("items", filter=still_open), next_milestone=Min("items__milestone", filter=still_open)
    )


def plan_detail() -> QuerySet[ImprovementPlan]:
    return ImprovementPlan.objects.select_related("vendor", "evaluation").prefetch_related(
        Prefetch(
            "items",
            queryset=PlanItem.objects.select_related("updated_by", "kpi").prefetch_related(
                Prefetch("checks", queryset=PlanItemCheck.objects.order_by("-last_month"))
            ),
        )
    )


def open_plan_items(vendor_id: int) -> QuerySet[PlanItem]:
    """The vendor's items still open (or in progress) in its active plans, earliest milestone first."""
    return (
        PlanItem.objects.select_related("plan")
        .filter(plan__vendor_id=vendor_id, plan__state=ImprovementPlan.State.ACTIVE, status__in=STILL_OPEN)
        .order_by("milestone", "pk")
    )
