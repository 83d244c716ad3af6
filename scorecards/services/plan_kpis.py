"""Improvement-plan items tied to a KPI close themselves: each check reads the KPI's values of
the last finished months through the kpis selectors, marks the item done with the figures as
evidence once the target held for the stated number of months in a row, and flags it at risk
when the latest month missed it. Every check is kept (one per item and month looked at), so
running it twice for the same month changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.formatting import format_quantity
from core.jobs import JobReport, for_each_row
from core.months import last_finished_month, previous_months
from kpis.selectors.dashboard import monthly_views
from scorecards import kpi_targets
from scorecards.models import ImprovementPlan, PlanItem, PlanItemCheck

STILL_OPEN = [PlanItem.Status.OPEN, PlanItem.Status.IN_PROGRESS]


def _monthly_values(item: PlanItem, months: list[datetime.date]) -> list[tuple[datetime.date, object]]:
    views = monthly_views(item.plan.vendor_id, months[0], months[-1])
    view = next((view for view in views if view.kpi.pk == item.kpi_id), None)
    by_month = {}
    if view is not None:
        by_month = {
            point.period_start: point.measured if point.measured is not None else point.reported
            for point in view.points
        }
    return [(month, by_month.get(month)) for month in months]


def _evidence(item: PlanItem, outcome: str, values: list[tuple[datetime.date, object]]) -> str:
    unit = item.kpi.unit
    sign = "≥" if item.kpi.higher_is_better else "≤"
    shown = ", ".join(
        f"{month:%b %Y} {format_quantity(value, unit) if value is not None else 'no data'}" for month, value in values
    )
    target = format_quantity(item.kpi_target, unit)
    verdict = {
        kpi_targets.ACHIEVED: f"held {sign} {target} for {item.kpi_periods} months",
        kpi_targets.ON_TRACK: f"holds {sign} {target}, not yet for {item.kpi_periods} months",
        kpi_targets.AT_RISK: f"missed {sign} {target} in the latest month",
    }[outcome]
    return f"{item.kpi.name} {verdict}: {shown}."[:500]


@transaction.atomic
def plan_item_kpi_check(*, item: PlanItem, now: datetime.datetime | None = None) -> PlanItemCheck | None:
    """Check one open item of an active plan against its KPI for the last finished months; None
    when it is not such an item (any more)."""
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("plan", "kpi").get(pk=item.pk)
    if item.kpi_id is None or item.status not in STILL_OPEN or item.plan.state != ImprovementPlan.State.ACTIVE:
        return None
    now = now or timezone.now()
    last = last_finished_month(now)
    months = sorted(previous_months(last, item.kpi_periods))
    values = _monthly_values(item, months)
    outcome = kpi_targets.judge(
        [value for _, value in values],
        item.kpi_target,
        higher_is_better=item.kpi.higher_is_better,
        periods=item.kpi_periods,
    )
    evidence = _evidence(item, outcome, values)
    check, _ = PlanItemCheck.objects.update_or_create(
        item=item,
        last_month=last,
        defaults={
            "values": [[month.isoformat(), None if value is None else str(value)] for month, value in values],
            "outcome": outcome,
            "evidence": evidence,
            "checked_at": now,
        },
    )
    item.at_risk = outcome == kpi_targets.AT_RISK
    fields = ["at_risk", "updated_at"]
    if outcome == kpi_targets.ACHIEVED:
        item.status, item.progress, item.updated_by = PlanItem.Status.DONE, f"Achieved: {evidence}", None
        fields += ["status", "progress", "updated_by"]
    item.save(update_fields=fields)
    return check


def plan_kpi_checks_run(*, now: datetime.datetime | None = None) -> JobReport:
    """Check every open KPI-tied item of the active plans, each in its own transaction; an item
    that fails is logged and skipped. ``done`` counts the items checked."""
    items = list(
        PlanItem.objects.filter(
            kpi__isnull=False, status__in=STILL_OPEN, plan__state=ImprovementPlan.State.ACTIVE
        ).values_list("pk", flat=True)
    )
    return for_each_row(
        items,
        lambda pk: int(plan_item_kpi_check(item=PlanItem(pk=pk), now=now) is not None),
        job="plan KPI checks",
        label=lambda pk: f"plan item {pk}",
    )
