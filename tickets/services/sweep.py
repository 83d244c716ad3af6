"""The SLA sweep: fire the clock actions that are due, each exactly once.

Due actions are claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` in batches, so any number of
workers can sweep at once without firing an action twice or waiting on each other, and the
cost follows the number of due actions, not the number of open tickets. Firing marks the
action in the same transaction as its effects (events, breach, tier, notifications queued).
"""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import hospital_admins, notify
from slas.models import Metric
from slas.models.agreements import SupportTier
from tickets.models import ClockAction, SlaClock, Ticket, TicketEvent
from tickets.services.clocks import BREACH_PERCENT
from vendors.models import Contact

BATCH_SIZE = 200
TIER_ORDER = list(SupportTier.values)


def sweep_due_actions(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Fire every action due by ``now``; returns how many this call fired."""
    now = now or timezone.now()
    fired = 0
    while True:
        with transaction.atomic():
            batch = list(
                ClockAction.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(fired_at__isnull=True, fire_at__lte=now)
                .select_related("clock__ticket__vendor", "clock__ticket__assignee_user", "rule")
                .order_by("fire_at")[:batch_size]
            )
            for action in batch:
                _fire(action, now)
            ClockAction.objects.filter(pk__in=[a.pk for a in batch]).update(fired_at=now)
        fired += len(batch)
        if len(batch) < batch_size:
            return fired


def _fire(action: ClockAction, now: datetime.datetime) -> None:
    clock, rule = action.clock, action.rule
    ticket = clock.ticket
    if clock.state != SlaClock.State.RUNNING:
        return  # stopped or paused after the action was queued: nothing to warn about
    metric = Metric(clock.metric).label.lower()
    is_breach = action.threshold_percent >= BREACH_PERCENT
    if action.threshold_percent == BREACH_PERCENT:
        clock.state, clock.breached_at = SlaClock.State.BREACHED, action.fire_at
        clock.save(update_fields=["state", "breached_at"])
        TicketEvent.objects.create(
            ticket=ticket, kind=TicketEvent.Kind.BREACHED, at=action.fire_at, data={"metric": clock.metric}
        )
    subject = f"{ticket.severity} ticket #{ticket.pk} ({ticket.vendor})"
    if is_breach:
        title = f"{subject} breached its {metric} target ({action.threshold_percent} %)"
    else:
        title = f"{subject} is at {action.threshold_percent} % of its {metric} target"
    body = f"{ticket.title}\nDue {clock.due_at:%Y-%m-%d %H:%M %Z}." if clock.due_at else ticket.title
    if rule is None:
        recipients = list(hospital_admins()) if is_breach else []
    else:
        recipients = list(hospital_admins()) if rule.notify_hospital_admins else []
        if rule.notify_assignee and ticket.assignee_user_id:
            recipients.append(ticket.assignee_user)
        _email_vendor_contacts(ticket, rule, title, body)
        if rule.raise_tier_to and TIER_ORDER.index(rule.raise_tier_to) > TIER_ORDER.index(ticket.tier):
            Ticket.objects.filter(pk=ticket.pk).update(tier=rule.raise_tier_to, updated_at=now)
    notify(
        recipients=recipients,
        title=title,
        body=body,
        url=reverse("tickets:ticket_detail", kwargs={"pk": ticket.pk}),
        level=Notification.Level.DANGER if is_breach else Notification.Level.WARNING,
        dedupe_key=f"clock-action:{action.pk}",
    )
    TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEvent.Kind.ESCALATED,
        at=action.fire_at,
        data={"metric": clock.metric, "threshold_percent": action.threshold_percent},
    )


def _email_vendor_contacts(ticket: Ticket, rule: object, subject: str, body: str) -> None:
    contacts = Contact.objects.filter(vendor_id=ticket.vendor_id).exclude(email="")
    wanted = contacts.none()
    if rule.notify_contact_role:
        wanted = wanted | contacts.filter(role=rule.notify_contact_role)
    if rule.notify_escalation_level:
        wanted = wanted | contacts.filter(escalation_level=rule.notify_escalation_level)
    addresses = sorted(set(wanted.values_list("email", flat=True)))
    if addresses:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=addresses)
