"""Reminders for improvement-plan items of active plans: a week before the milestone and once
it has passed. Hospital admins hear of every item, the vendor's users of their side's items,
each through their notification settings (the email through the outbox). Each reminder goes
once per item, kind and milestone (the notice's dedupe key), so the daily job can run again."""

import datetime

from django.utils import timezone

from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.services.notify import notify
from scorecards.models import ImprovementPlan, PlanItem

DAYS_BEFORE = 7
STILL_OPEN = [PlanItem.Status.OPEN, PlanItem.Status.IN_PROGRESS]


def _remind(item: PlanItem, today: datetime.date) -> int:
    overdue = item.milestone < today
    kind = "overdue" if overdue else "due"
    plan = item.plan
    when = f"overdue since {item.milestone:%d %b %Y}" if overdue else f"due {item.milestone:%d %b %Y}"
    title = f"Plan item {when}: {item.description}"
    body = (
        f"{plan.vendor} · {plan.title}\n"
        f"Owner: {item.get_owner_side_display()}, {item.owner}. Status: {item.get_status_display()}.\n"
        f"If missed: {item.consequence or 'nothing stated'}."
    )
    key = f"plan-item-{item.pk}-{kind}-{item.milestone:%Y-%m-%d}"
    told = notify(
        event=EventType.PLAN_ITEM_DUE,
        recipients=hospital_admins(),
        title=title,
        body=body,
        url=object_url(plan, audience=Audience.HOSPITAL),
        dedupe_key=key,
    )
    if item.owner_side == PlanItem.Side.VENDOR:
        told += notify(
            event=EventType.PLAN_ITEM_DUE,
            recipients=vendor_users(plan.vendor_id),
            title=title,
            body=body,
            url=object_url(plan, audience=Audience.VENDOR),
            dedupe_key=key,
        )
    return int(bool(told))


def plan_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Remind of the open items of active plans due within ``DAYS_BEFORE`` days or overdue;
    ``done`` counts the items someone was told of (again: nobody twice)."""
    today = today or timezone.localdate()
    items = list(
        PlanItem.objects.filter(
            status__in=STILL_OPEN,
            plan__state=ImprovementPlan.State.ACTIVE,
            milestone__lte=today + datetime.timedelta(days=DAYS_BEFORE),
        ).select_related("plan__vendor")
    )
    return for_each_row(items, lambda item: _remind(item, today), job="Plan item reminders", label=str)
