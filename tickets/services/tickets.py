"""Ticket lifecycle: every change is an event, validated, with its effect on the SLA clocks.

Each action accepts ``at`` (default now). Hospital admins may pass a past instant to import
history; an instant before the ticket's previous event or in the future is refused.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from slas.models import AgreementTarget, EscalationRule, Metric
from slas.selectors.agreements import agreement_in_force_for_vendor, agreement_policy
from tickets.models import OPEN_STATUSES, SatisfactionRating, SlaClock, Status, Ticket, TicketEvent
from tickets.services import clocks
from tickets.services.events import event_instant, event_record
from tickets.services.notices import urgent_ticket_announce
from tickets.services.ratings import rating_request_send

Kind = TicketEvent.Kind
RELATED_FIELDS = ["vendor", "component", "agreement", "reporter", "assignee_contact", "assignee_user", "incident"]


def _policy(ticket: Ticket) -> tuple[AgreementTarget | None, tuple[EscalationRule, ...]]:
    if ticket.agreement_id is None:
        return None, ()
    policy = agreement_policy(ticket.agreement)
    return policy.targets.get(ticket.severity), policy.rules


def _clock(ticket: Ticket, metric: str) -> SlaClock | None:
    return ticket.clocks.select_for_update(of=("self",)).filter(metric=metric).select_related("calendar").first()


def _require(ticket: Ticket, allowed: tuple[str, ...], action: str) -> None:
    if ticket.status not in allowed:
        status = ticket.get_status_display().lower()
        article = "An" if status[0] in "aeiou" else "A"
        raise ValidationError(f"{article} {status} ticket cannot be {action}.")


@transaction.atomic
def ticket_open(
    *,
    vendor_id: int,
    severity: str,
    title: str,
    description: str = "",
    reporter: User | None = None,
    at: datetime.datetime | None = None,
    **details: object,
) -> Ticket:
    """Open a ticket under the vendor's SLA version in force at ``at``, and start its response
    and resolution clocks (a vendor without an SLA gets a ticket without clocks). A P1 or P2
    is announced to the hospital and the vendor."""
    opened_at = event_instant(None, at, field="opened_at")
    ticket = Ticket(
        vendor_id=vendor_id,
        severity=severity,
        title=title,
        description=description,
        reporter=reporter,
        opened_at=opened_at,
        agreement=agreement_in_force_for_vendor(vendor_id=vendor_id, on=timezone.localdate(opened_at)),
        **details,
    )
    # Related rows are checked by the database's foreign keys; the rest of the row here.
    ticket.full_clean(exclude=RELATED_FIELDS, validate_constraints=False)
    ticket.save()
    event_record(ticket, Kind.OPENED, opened_at, reporter, severity=severity)
    target, rules = _policy(ticket)
    if target is not None:
        clocks.clocks_open(
            ticket=ticket, metrics=(Metric.RESPONSE, Metric.RESOLUTION), target=target, rules=rules, at=opened_at
        )
    urgent_ticket_announce(ticket=ticket, actor=reporter)
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=ticket.pk)


@transaction.atomic
def ticket_respond(
    *, ticket: Ticket, by: User | None, at: datetime.datetime | None = None, acknowledge: bool = False
) -> Ticket:
    """A vendor-side reply. The first one meets the response clock and starts the status-update
    clock; each later one meets the running update clock and starts the next interval."""
    ticket = _locked(ticket)
    _require(ticket, OPEN_STATUSES, "answered")
    at = event_instant(ticket, at)
    target, rules = _policy(ticket)
    if ticket.responded_at is None:
        ticket.responded_at = at
        response = _clock(ticket, Metric.RESPONSE)
        outcome = clocks.clock_stop(response, at) if response else None
        event_record(ticket, Kind.RESPONDED, at, by, outcome=outcome)
    elif ticket.status == Status.WAITING_ON_HOSPITAL:
        # The update clock is paused while the hospital owes an answer: a reply now is
        # recorded but leaves that clock to resume with the ticket.
        event_record(ticket, Kind.UPDATED, at, by, outcome=None)
        ticket.save(update_fields=["updated_at"])
        return ticket
    else:
        update = _clock(ticket, Metric.UPDATE)
        outcome = clocks.clock_stop(update, at) if update else None
        event_record(ticket, Kind.UPDATED, at, by, outcome=outcome)
    if target is not None:
        clocks.clock_start(ticket=ticket, metric=Metric.UPDATE, target=target, rules=rules, at=at)
    if acknowledge or ticket.status == Status.NEW:
        ticket.status = Status.ACKNOWLEDGED if ticket.status == Status.NEW else ticket.status
        if acknowledge:
            event_record(ticket, Kind.ACKNOWLEDGED, at, by)
    ticket.save(update_fields=["responded_at", "status", "updated_at"])
    return ticket


@transaction.atomic
def ticket_set_in_progress(*, ticket: Ticket, by: User | None, at: datetime.datetime | None = None) -> Ticket:
    ticket = _locked(ticket)
    _require(ticket, (Status.NEW, Status.ACKNOWLEDGED), "set in progress")
    if ticket.responded_at is None:
        raise ValidationError("Answer or acknowledge the ticket before setting it in progress.")
    at = event_instant(ticket, at)
    ticket.status = Status.IN_PROGRESS
    ticket.save(update_fields=["status", "updated_at"])
    event_record(ticket, Kind.UPDATED, at, by, status=Status.IN_PROGRESS)
    return ticket


@transaction.atomic
def ticket_pause(*, ticket: Ticket, by: User | None, reason: str, at: datetime.datetime | None = None) -> Ticket:
    """Waiting on the hospital: the resolution and update clocks stop, their budget kept."""
    ticket = _locked(ticket)
    _require(ticket, (Status.ACKNOWLEDGED, Status.IN_PROGRESS), "paused")
    if not reason.strip():
        raise ValidationError({"reason": "Say what the vendor is waiting for."})
    limits.check_length("reason", reason, limits.NOTE_LENGTH)
    at = event_instant(ticket, at)
    for metric in (Metric.RESOLUTION, Metric.UPDATE):
        clock = _clock(ticket, metric)
        if clock:
            clocks.clock_pause(clock, at)
    ticket.status = Status.WAITING_ON_HOSPITAL
    ticket.save(update_fields=["status", "updated_at"])
    event_record(ticket, Kind.PAUSED, at, by, reason=reason)
    return ticket


@transaction.atomic
def ticket_resume(*, ticket: Ticket, by: User | None, at: datetime.datetime | None = None) -> Ticket:
    ticket = _locked(ticket)
    _require(ticket, (Status.WAITING_ON_HOSPITAL,), "resumed")
    at = event_instant(ticket, at)
    for metric in (Metric.RESOLUTION, Metric.UPDATE):
        clock = _clock(ticket, metric)
        if clock:
            clocks.clock_resume(clock, at)
    ticket.status = Status.IN_PROGRESS
    ticket.save(update_fields=["status", "updated_at"])
    event_record(ticket, Kind.RESUMED, at, by)
    return ticket


@transaction.atomic
def ticket_change_severity(
    *, ticket: Ticket, by: User | None, severity: str, at: datetime.datetime | None = None
) -> Ticket:
    """Keep the time consumed; retarget each running clock to the new severity's target. A
    ticket raised to P1 or P2 is announced as an urgent ticket is."""
    ticket = _locked(ticket)
    _require(ticket, OPEN_STATUSES, "re-prioritised")
    if severity == ticket.severity:
        return ticket
    at = event_instant(ticket, at)
    previous, ticket.severity = ticket.severity, severity
    ticket.full_clean()
    ticket.save(update_fields=["severity", "updated_at"])
    target, rules = _policy(ticket)
    if target is not None:
        running = {}
        for clock in ticket.clocks.select_for_update(of=("self",)).select_related("calendar"):
            clocks.clock_retarget(clock, target, rules, at)
            running[clock.metric] = clock
        # A target the old severity did not have (a P4 has no resolution target) starts now.
        missing = [Metric.RESOLUTION] + ([] if ticket.responded_at else [Metric.RESPONSE])
        for metric in missing:
            if metric not in running:
                clocks.clock_start(ticket=ticket, metric=metric, target=target, rules=rules, at=at)
    event_record(ticket, Kind.SEVERITY_CHANGED, at, by, previous=previous, severity=severity)
    if severity < previous:  # "P1" < "P2": more severe than before
        urgent_ticket_announce(ticket=ticket, actor=by, raised_from=previous)
    return ticket


@transaction.atomic
def ticket_resolve(
    *, ticket: Ticket, by: User | None, at: datetime.datetime | None = None, summary: str = ""
) -> Ticket:
    limits.check_length("summary", summary, limits.MESSAGE_LENGTH)
    ticket = _locked(ticket)
    _require(ticket, OPEN_STATUSES, "resolved")
    at = event_instant(ticket, at)
    outcomes = {}
    for clock in ticket.clocks.select_for_update(of=("self",)).select_related("calendar"):
        # Frozen outcomes (a met response) stay as they are; running clocks stop now.
        outcomes[clock.metric] = clocks.clock_stop(clock, at)
    ticket.status, ticket.resolved_at = Status.RESOLVED, at
    ticket.save(update_fields=["status", "resolved_at", "updated_at"])
    event_record(ticket, Kind.RESOLVED, at, by, summary=summary, outcomes=outcomes)
    if not SatisfactionRating.objects.filter(ticket=ticket).exists():
        rating_request_send(ticket=ticket)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, by: User | None, at: datetime.datetime | None = None, reason: str = "") -> Ticket:
    limits.check_length("reason", reason, limits.NOTE_LENGTH)
    ticket = _locked(ticket)
    _require(ticket, (Status.RESOLVED,), "reopened")
    at = event_instant(ticket, at)
    window = datetime.timedelta(days=settings.TICKET_REOPEN_DAYS)
    if at - ticket.resolved_at > window:
        raise ValidationError(f"Tickets can be reopened within {settings.TICKET_REOPEN_DAYS} days of resolution.")
    clock = _clock(ticket, Metric.RESOLUTION)
    if clock:
        clocks.clock_reopen(clock, at)
    ticket.status, ticket.resolved_at = Status.IN_PROGRESS, None
    ticket.save(update_fields=["status", "resolved_at", "updated_at"])
    event_record(ticket, Kind.REOPENED, at, by, reason=reason)
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, by: User | None, at: datetime.datetime | None = None) -> Ticket:
    ticket = _locked(ticket)
    _require(ticket, (Status.RESOLVED,), "closed")
    at = event_instant(ticket, at)
    ticket.status, ticket.closed_at = Status.CLOSED, at
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    event_record(ticket, Kind.CLOSED, at, by)
    return ticket
