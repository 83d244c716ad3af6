"""Draft improvement plans proposed by a chronic SLA failure: when a vendor's credit statement
for a month is flagged chronic (uptime below the agreement's chronic threshold in
``chronic_months`` of the last ``chronic_window_months``, slas' rule), a draft plan is opened
with the failing measures as items, for a hospital admin to review and activate (confirm).
One proposal per vendor and month (``ImprovementPlan.source_key``), so the job can run again."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.formatting import format_percent
from core.jobs import JobReport, for_each_row
from core.months import last_finished_month, previous_months
from scorecards.models import ImprovementPlan, PlanItem
from slas.models import CreditStatement
from slas.selectors.credits import statement_list

# The milestone of a proposed item: the hospital moves it when it confirms the plan.
MILESTONE_MONTHS = 3


def _source_key(statement: CreditStatement) -> str:
    return f"chronic-sla-{statement.vendor_id}-{statement.month:%Y-%m}"


def _items(statement: CreditStatement, window: list[CreditStatement]) -> list[tuple[str, str]]:
    """(description, consequence) per failing measure of the window: uptime, ticket targets."""
    agreement = statement.agreement
    below = [s for s in window if s.uptime_percent < agreement.chronic_threshold_percent]
    items = [
        (
            f"Uptime back to {format_percent(statement.target_percent)} or more every month "
            f"(below {format_percent(agreement.chronic_threshold_percent)} in "
            + ", ".join(f"{s.month:%b %Y} {format_percent(s.uptime_percent, 2)}" for s in below)
            + ")",
            "The contract's chronic-failure terms (e.g. termination right)",
        )
    ]
    ticket_months = [s for s in window if s.ticket_credit_percent > 0]
    if ticket_months:
        items.append(
            (
                "Ticket response and resolution targets met (credits earned in "
                + ", ".join(f"{s.month:%b %Y}" for s in ticket_months)
                + ")",
                "Further service credits",
            )
        )
    return [(description[:300], consequence) for description, consequence in items]


@transaction.atomic
def chronic_failure_plan_propose(*, statement: CreditStatement) -> ImprovementPlan | None:
    """The draft plan a chronic month proposes; None if it was proposed already (or the vendor
    has a draft or active plan opened from this same failure)."""
    key = _source_key(statement)
    if ImprovementPlan.objects.filter(source_key=key).exists():
        return None
    agreement = statement.agreement
    months = previous_months(statement.month, agreement.chronic_window_months)
    window = list(
        statement_list().filter(vendor_id=statement.vendor_id, agreement=agreement, month__in=months).order_by("month")
    )
    failing = sum(s.uptime_percent < agreement.chronic_threshold_percent for s in window)
    plan = ImprovementPlan.objects.create(
        vendor_id=statement.vendor_id,
        title=(
            f"Chronic SLA failure {statement.month:%b %Y}: uptime below "
            f"{format_percent(agreement.chronic_threshold_percent)} in {failing} of the last "
            f"{agreement.chronic_window_months} months"
        )[:200],
        source_key=key,
    )
    milestone = months[-1]
    for _ in range(MILESTONE_MONTHS + 1):
        milestone = (milestone + datetime.timedelta(days=32)).replace(day=1)
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            description=description,
            owner_side=PlanItem.Side.VENDOR,
            owner="Vendor account manager",
            milestone=milestone - datetime.timedelta(days=1),
            consequence=consequence,
        )
        for description, consequence in _items(statement, window)
    )
    return plan


def chronic_failure_plans_propose(*, now: datetime.datetime | None = None) -> JobReport:
    """Propose a draft plan for each vendor whose last finished month is flagged chronic."""
    month = last_finished_month(now or timezone.now())
    statements = list(statement_list().filter(month=month, chronic_failure=True))
    return for_each_row(
        statements,
        lambda statement: int(chronic_failure_plan_propose(statement=statement) is not None),
        job="Plans from chronic SLA failure",
        label=str,
    )
