"""The SLA sweep: fire the clock actions that are due, each exactly once.

Due actions are claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` in batches, so any number of
workers can sweep at once without firing an action twice or waiting on each other, and the
cost follows the number of due actions, not the number of open tickets. A batch's effects
(breaches, events, tiers, notifications, mail to vendor contacts) are written set-wise in the
same transaction that marks its actions fired.

One bad ticket must not hold up everyone's warnings and breaches: a batch whose effects fail is
fired again clock by clock, each in its own savepoint; a clock that still fails is logged and
left unfired (its lock released, the next sweep tries it again) and this sweep goes on without it.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.jobs import RowFailure, attempt_row
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import ExternalMail, Notice, notify_bulk
from slas.models import Metric
from slas.models.agreements import SupportTier
from tickets.models import ClockAction, SlaClock, Ticket, TicketEvent
from tickets.services.clocks import BREACH_PERCENT
from vendors.models import Contact

logger = logging.getLogger(__name__)

BATCH_SIZE = 200  # clocks a transaction claims
TIER_ORDER = list(SupportTier.values)


def sweep_due_actions(
    *, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE, ticket_ids: Collection[int] | None = None
) -> int:
    """Fire every action due by ``now`` (of ``ticket_ids`` only, if given); returns how many
    this call fired.

    Work is claimed by clock: ``SELECT ... FOR UPDATE SKIP LOCKED`` on the clocks that have due
    actions, then their due actions in order. A clock's actions are therefore always fired
    together and in threshold order by one worker, a clock another sweeper or a user action
    holds is skipped (and taken by a later sweep) rather than waited on, and locks are taken in
    the same order as user actions take them (clock, then actions): no deadlock.
    """
    now = now or timezone.now()
    admins = list(hospital_admins())
    fired = 0
    failing: set[int] = set()  # clocks whose actions failed in this call: left to the next sweep
    while True:
        with transaction.atomic():
            due = ClockAction.objects.filter(fired_at__isnull=True, fire_at__lte=now)
            if ticket_ids is not None:
                due = due.filter(clock__ticket_id__in=ticket_ids)
            due_clocks = due.values("clock_id")
            claimed = list(
                SlaClock.objects.select_for_update(skip_locked=True)
                .filter(pk__in=due_clocks)
                .exclude(pk__in=failing)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not claimed:
                return fired
            batch = _fire(claimed, now, admins, failing)
            ClockAction.objects.filter(pk__in=[a.pk for a in batch]).update(fired_at=now)
        fired += len(batch)


def _due_actions(clock_ids: list[int], now: datetime.datetime) -> list[ClockAction]:
    return list(
        ClockAction.objects.filter(clock_id__in=clock_ids, fired_at__isnull=True, fire_at__lte=now)
        .select_related("clock__ticket__vendor", "clock__ticket__assignee_user", "rule")
        .order_by("clock_id", "fire_at", "threshold_percent")
    )


def _fire(claimed: list[int], now: datetime.datetime, admins: list, failing: set[int]) -> list[ClockAction]:
    """Fire the claimed clocks' due actions set-wise; if that fails, clock by clock, adding the
    clocks that still fail to ``failing``. Returns the actions fired."""
    try:
        with transaction.atomic():
            batch = _due_actions(claimed, now)
            _fire_batch(batch, now, admins)
            return batch
    except Exception:  # one bad clock must not hold up the batch
        logger.warning("SLA sweep: a batch of %s clocks failed; firing them one by one.", len(claimed), exc_info=True)
    fired: list[ClockAction] = []
    # Read again: the failed attempt changed the clocks in memory.
    for clock_id, group in groupby(_due_actions(claimed, now), key=lambda action: action.clock_id):
        actions = list(group)
        outcome = attempt_row(
            lambda actions=actions: _fire_batch(actions, now, admins), job="SLA sweep", row=f"clock {clock_id}"
        )
        if isinstance(outcome, RowFailure):
            failing.add(clock_id)
        else:
            fired += actions
    return fired


@dataclass
class _Effects:
    events: list[TicketEvent] = field(default_factory=list)
    breached: list[SlaClock] = field(default_factory=list)
    tiers: dict[int, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    mails: list[ExternalMail] = field(default_factory=list)


def _fire_batch(batch: list[ClockAction], now: datetime.datetime, admins: list) -> None:
    vendor_ids = {action.clock.ticket.vendor_id for action in batch}
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(vendor_id__in=vendor_ids).exclude(email=""):
        contacts[contact.vendor_id].append(contact)
    effects = _Effects()
    clocks: dict[int, SlaClock] = {}
    for action in batch:
        action.clock = clocks.setdefault(action.clock_id, action.clock)  # one object per clock
        state = action.clock.state
        beyond_breach = state == SlaClock.State.BREACHED and action.threshold_percent > BREACH_PERCENT
        if state == SlaClock.State.RUNNING or beyond_breach:  # met or paused meanwhile: nothing to say
            _effects_of(action, admins, contacts, effects)
    if effects.breached:
        SlaClock.objects.bulk_update(effects.breached, ["state", "breached_at"])
    TicketEvent.objects.bulk_create(effects.events)
    for ticket_id, tier in effects.tiers.items():
        Ticket.objects.filter(pk=ticket_id).update(tier=tier, updated_at=now)
    if effects.notices or effects.mails:
        notify_bulk(notices=effects.notices, external=effects.mails)


def _effects_of(action: ClockAction, admins: list, contacts: dict[int, list[Contact]], effects: _Effects) -> None:
    clock, rule = action.clock, action.rule
    ticket = clock.ticket
    is_breach = action.threshold_percent >= BREACH_PERCENT
    if action.threshold_percent == BREACH_PERCENT:
        clock.state, clock.breached_at = SlaClock.State.BREACHED, action.fire_at
        effects.breached.append(clock)
        effects.events.append(
            TicketEvent(ticket=ticket, kind=TicketEvent.Kind.BREACHED, at=action.fire_at, data={"metric": clock.metric})
        )
    effects.events.append(
        TicketEvent(
            ticket=ticket,
            kind=TicketEvent.Kind.ESCALATED,
            at=action.fire_at,
            data={"metric": clock.metric, "threshold_percent": action.threshold_percent},
        )
    )
    title, body = _message(action, ticket, clock, is_breach)
    event = EventType.SLA_BREACH if is_breach else EventType.SLA_WARNING
    recipients = list(admins) if (rule is None and is_breach) or (rule and rule.notify_hospital_admins) else []
    if rule is not None:
        if rule.notify_assignee and ticket.assignee_user_id:
            recipients.append(ticket.assignee_user)
        addresses = sorted(
            {
                contact.email
                for contact in contacts[ticket.vendor_id]
                if (rule.notify_contact_role and contact.role == rule.notify_contact_role)
                or (rule.notify_escalation_level and contact.escalation_level == rule.notify_escalation_level)
            }
        )
        if addresses:
            effects.mails.append(ExternalMail(event=event, to=addresses, title=title, body=body))
        current = effects.tiers.get(ticket.pk, ticket.tier)
        if rule.raise_tier_to and TIER_ORDER.index(rule.raise_tier_to) > TIER_ORDER.index(current):
            effects.tiers[ticket.pk] = rule.raise_tier_to
    url = reverse("tickets:ticket_detail", kwargs={"pk": ticket.pk})
    level = Notification.Level.DANGER if is_breach else Notification.Level.WARNING
    effects.notices.extend(
        Notice(
            event=event,
            recipient=recipient,
            title=title,
            body=body,
            url=url,
            level=level,
            dedupe_key=f"clock-action:{action.pk}",
        )
        for recipient in recipients
    )


def _message(action: ClockAction, ticket: Ticket, clock: SlaClock, is_breach: bool) -> tuple[str, str]:
    metric = Metric(clock.metric).label.lower()
    subject = f"{ticket.severity} ticket #{ticket.pk} ({ticket.vendor})"
    if is_breach:
        title = f"{subject} breached its {metric} target ({action.threshold_percent} %)"
    else:
        title = f"{subject} is at {action.threshold_percent} % of its {metric} target"
    due = f"\nDue {timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}." if clock.due_at else ""
    return title, f"{ticket.title}{due}"
