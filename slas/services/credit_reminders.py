"""Reminders to claim owed service credits before the contract's claim deadline forfeits them."""

import datetime

from django.utils import timezone

from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.services.notify import Notice, notify_bulk
from slas.models import CreditStatement

REMIND_DAYS_AHEAD = 3


def credit_claim_reminders(*, today: datetime.date | None = None) -> int:
    """Tell hospital admins, once per statement, of owed credits whose claim deadline is within
    ``REMIND_DAYS_AHEAD`` days (or has passed unclaimed). Returns the notifications raised."""
    today = today or timezone.localdate()
    due = CreditStatement.objects.filter(
        state=CreditStatement.State.OWED, claim_deadline__lte=today + datetime.timedelta(days=REMIND_DAYS_AHEAD)
    ).select_related("vendor")
    admins = list(hospital_admins())
    notices = []
    for statement in due:
        passed = statement.claim_deadline < today
        month, vendor = f"{statement.month:%B %Y}", statement.vendor
        title = (
            f"Unclaimed credit for {vendor}, {month}: the claim deadline has passed"
            if passed
            else f"Claim the {month} credit from {vendor} by {statement.claim_deadline:%Y-%m-%d}"
        )
        body = f"{statement.credit_amount} {statement.currency} ({statement.credit_percent} % of the monthly fee)."
        key = f"credit-claim-{'passed' if passed else 'due'}-{statement.pk}"
        notices += [
            Notice(
                event=EventType.CREDIT_CLAIM_DUE,
                recipient=admin,
                title=title,
                body=body,
                url=statement.get_absolute_url(),
                level="danger" if passed else "warning",
                dedupe_key=key,
            )
            for admin in admins
        ]
    return len(notify_bulk(notices=notices))
