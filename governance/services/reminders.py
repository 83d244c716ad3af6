"""Reminders for actions of every source: a few days before the due date and once overdue, each
sent once per action, kind and due date (``ActionReminder``), so the daily job can run again
safely. Owners with an account hear through their notification settings; a vendor contact
without one gets the mail at its address."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.jobs import JobReport, for_each_row
from core.links import audience_of, object_url
from governance.action_sources import ActionQuery
from governance.models import ActionReminder
from governance.selectors.actions import action_register
from notifications.event_types import EventType
from notifications.services.notify import ExternalMail, notices_for, notify_bulk

DAYS_BEFORE = 3


def _kind(due: datetime.date, today: datetime.date) -> str:
    return ActionReminder.Kind.OVERDUE if due < today else ActionReminder.Kind.DUE_SOON


def _remind(row: dict, today: datetime.date, owners: dict[int, User]) -> int:
    kind = _kind(row["r_due_date"], today)
    with transaction.atomic():
        _, created = ActionReminder.objects.get_or_create(
            source=row["r_source"], action_id=row["r_action_id"], kind=kind, due_date=row["r_due_date"]
        )
        if not created:
            return 0
        when = "is overdue" if kind == ActionReminder.Kind.OVERDUE else "is due"
        title = f"Action {when} ({row['r_due_date']:%d %b %Y}): {row['r_description']}"
        body = f"{row['r_vendor_name']}: {row['r_description']}"
        owner = owners.get(row["r_owner_user_id"]) if row["r_owner_user_id"] else None
        if owner is not None:
            url = object_url(row["r_parent_model"], row["r_parent_id"], audience=audience_of(owner))
            notify_bulk(
                notices=notices_for(event=EventType.ACTION_DUE, recipients=[owner], title=title, body=body, url=url)
            )
        elif row["r_owner_email"]:
            # A contact without an account has no page to open: the mail says what and when.
            notify_bulk(
                notices=[],
                external=[ExternalMail(event=EventType.ACTION_DUE, to=[row["r_owner_email"]], title=title, body=body)],
            )
        return 1


def action_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Remind the owners of open actions due within ``DAYS_BEFORE`` days or overdue."""
    today = today or timezone.localdate()
    rows = list(
        action_register(ActionQuery(user=None, unscoped=True, due_by=today + datetime.timedelta(days=DAYS_BEFORE)))
    )
    sent = set(
        ActionReminder.objects.filter(due_date__lte=today + datetime.timedelta(days=DAYS_BEFORE)).values_list(
            "source", "action_id", "kind", "due_date"
        )
    )
    due = [
        row
        for row in rows
        if (row["r_source"], row["r_action_id"], _kind(row["r_due_date"], today), row["r_due_date"]) not in sent
    ]
    owners = User.objects.in_bulk({row["r_owner_user_id"] for row in due if row["r_owner_user_id"]})
    return for_each_row(
        due,
        lambda row: _remind(row, today, owners),
        job="Action reminders",
        label=lambda row: f"{row['r_source']} {row['r_action_id']}",
    )
