"""Credit statements: computing a month (idempotent), and the claim's life: claimed by the
hospital, acknowledged or disputed by the vendor, disputes answered, applied to an invoice."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.jobs import RowFailure, attempt_row
from core.links import Audience, object_url
from core.locks import transaction_lock
from core.months import month_bounds, month_start, next_month, previous_months
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.services.notify import notify
from slas.models import Agreement, CreditStatement, CreditStatementEvent
from slas.selectors.availability import (
    Availability,
    month_availability,
)
from slas.uptime import minutes, shown_percent

State = CreditStatement.State
Kind = CreditStatementEvent.Kind

# The states each step of a claim may start from; the pages and the API offer a step only there.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "recompute": CreditStatement.RECOMPUTABLE_STATES,
    "claim": (State.OWED,),
    "acknowledge": (State.CLAIMED,),
    "dispute": (State.CLAIMED,),
    "answer": (State.DISPUTED,),
    "apply": (State.CLAIMED, State.ACKNOWLEDGED),
}


@dataclass(frozen=True)
class ComputeOutcome:
    vendor_id: int
    month: datetime.date
    result: str  # "created", "replaced", "kept" (claimed already: never changed), "skipped" or "failed"
    statement: CreditStatement | None = None
    reason: str = ""


def _figures(availability: Availability) -> dict[str, object]:
    agreement, credit, figures = availability.agreement, availability.credit, availability.figures
    last_day = next_month(availability.start.date()) - datetime.timedelta(days=1)
    return {
        "agreement": agreement,
        "state": State.OWED if credit.amount > 0 else State.NONE,
        # Truncated, never rounded up: 99.49998 % is below 99.5 % for the chronic-failure count
        # (which reads this column) as it is for the credit band.
        "uptime_percent": shown_percent(figures.uptime_percent, 4),
        "target_percent": agreement.uptime_target_percent,
        "downtime_minutes": minutes(figures.downtime),
        "excluded_minutes": minutes(figures.excluded),
        "availability_credit_percent": credit.availability_percent,
        "ticket_credit_percent": credit.ticket_percent,
        "credit_percent": credit.percent,
        "monthly_fee": credit.monthly_fee,
        "credit_amount": credit.amount,
        "currency": credit.currency,
        "lines": [line.as_json() for line in credit.lines],
        "claim_deadline": last_day + datetime.timedelta(days=agreement.claim_deadline_days),
    }


def _event(statement: CreditStatement, kind: str, actor: User | None = None, note: str = "") -> None:
    CreditStatementEvent.objects.create(statement=statement, kind=kind, actor=actor, note=note, at=timezone.now())


def _flag_chronic_failure(statement: CreditStatement, agreement: Agreement) -> None:
    """Below the chronic threshold in ``chronic_months`` of the last ``chronic_window_months``
    (this one included): flag the statement and tell hospital admins, once."""
    window = previous_months(statement.month, agreement.chronic_window_months)
    failing = CreditStatement.objects.filter(
        vendor_id=statement.vendor_id,
        month__in=window,
        uptime_percent__lt=agreement.chronic_threshold_percent,
    ).count()
    chronic = failing >= agreement.chronic_months
    if chronic == statement.chronic_failure:
        return
    statement.chronic_failure = chronic
    statement.save(update_fields=["chronic_failure", "updated_at"])
    if not chronic:
        return
    note = (
        f"Uptime below {agreement.chronic_threshold_percent} % in {failing} of the last "
        f"{agreement.chronic_window_months} months: the contract's chronic-failure terms apply."
    )
    _event(statement, Kind.CHRONIC, note=note)
    notify(
        event=EventType.CHRONIC_FAILURE,
        recipients=hospital_admins(),
        title=f"Chronic SLA failure: {statement.vendor}",
        body=note,
        url=statement.get_absolute_url(),
        level="danger",
        dedupe_key=f"chronic-failure-{statement.vendor_id}-{statement.month:%Y-%m}",
    )


def statement_compute(
    *, vendor_id: int, month: datetime.date, actor: User | None = None, now: datetime.datetime | None = None
) -> ComputeOutcome:
    """Compute (or recompute) a finished month's statement. An unclaimed statement is replaced;
    a claimed one is kept as it is. Safe to run any number of times, also concurrently."""
    month = month_start(month)
    now = now or timezone.now()
    _, end = month_bounds(month)
    if end > now:
        raise ValidationError({"month": f"{month:%Y-%m} has not ended yet; statements are for finished months."})
    return _compute(vendor_id, month, actor, now)


def _lock_vendor_month(vendor_id: int, month: datetime.date) -> None:
    """Serialise computations of one vendor-month (a double beat, two workers, a click while
    the task runs) until the transaction ends; the unique constraint stays the backstop."""
    transaction_lock(f"credit-statement:{vendor_id}:{month:%Y-%m}")


@transaction.atomic
def _compute(vendor_id: int, month: datetime.date, actor: User | None, now: datetime.datetime) -> ComputeOutcome:
    _lock_vendor_month(vendor_id, month)
    existing = CreditStatement.objects.select_for_update().filter(vendor_id=vendor_id, month=month).first()
    if existing is not None and existing.state not in ALLOWED_FROM["recompute"]:
        reason = f"Already {existing.get_state_display().lower()}; its figures are kept."
        return ComputeOutcome(vendor_id, month, "kept", existing, reason)
    availability = month_availability(vendor_id, month, now=now)
    if availability.agreement is None or availability.credit is None:
        return ComputeOutcome(vendor_id, month, "skipped", existing, "No SLA was in force that month.")
    figures = _figures(availability)
    if existing is None:
        statement = CreditStatement.objects.create(vendor_id=vendor_id, month=month, computed_at=now, **figures)
        _event(statement, Kind.COMPUTED, actor)
        result = "created"
    else:
        statement = existing
        for name, value in figures.items():
            setattr(statement, name, value)
        statement.computed_at = now
        statement.save()
        _event(statement, Kind.RECOMPUTED, actor)
        result = "replaced"
    _flag_chronic_failure(statement, availability.agreement)
    return ComputeOutcome(vendor_id, month, result, statement)


def statements_compute_month(*, month: datetime.date, actor: User | None = None) -> list[ComputeOutcome]:
    """Compute the month's statement of every vendor with an SLA in force during it. A vendor
    whose statement cannot be computed is logged and reported ("failed", with the error); the
    others still are."""
    month = month_start(month)
    last_day = next_month(month) - datetime.timedelta(days=1)
    vendor_ids = (
        Agreement.objects.filter(effective_from__lte=last_day)
        .exclude(effective_to__lt=month)
        .values_list("contract__vendor_id", flat=True)
        .distinct()
        .order_by("contract__vendor_id")
    )
    outcomes = []
    for vendor_id in vendor_ids:
        outcome = attempt_row(
            lambda vendor_id=vendor_id: statement_compute(vendor_id=vendor_id, month=month, actor=actor),
            job="Credit statements",
            row=f"vendor {vendor_id}",
        )
        if isinstance(outcome, RowFailure):
            outcome = ComputeOutcome(vendor_id, month, "failed", reason=outcome.reason)
        outcomes.append(outcome)
    return outcomes


def _locked(statement: CreditStatement) -> CreditStatement:
    return CreditStatement.objects.select_for_update().select_related("vendor").get(pk=statement.pk)


def _require(statement: CreditStatement, states: tuple[str, ...], action: str) -> None:
    if statement.state not in states:
        raise ValidationError(f"A statement that is {statement.get_state_display().lower()} cannot be {action}.")


def _vendor_url(statement: CreditStatement) -> str:
    return object_url(statement, audience=Audience.VENDOR)


@transaction.atomic
def statement_claim(*, statement: CreditStatement, actor: User | None, note: str = "") -> CreditStatement:
    """Claim the credit from the vendor; from now on the figures never change."""
    limits.check_length("note", note, limits.NOTE_LENGTH)
    statement = _locked(statement)
    _require(statement, ALLOWED_FROM["claim"], "claimed")
    statement.state = State.CLAIMED
    statement.save(update_fields=["state", "updated_at"])
    _event(statement, Kind.CLAIMED, actor, note.strip())
    notify(
        event=EventType.CREDIT_CLAIMED,
        recipients=vendor_users(statement.vendor_id),
        title=f"Service credit claimed for {statement.month:%B %Y}",
        body=f"{statement.credit_amount} {statement.currency} ({statement.credit_percent} % of the monthly fee).",
        url=_vendor_url(statement),
    )
    return statement


@transaction.atomic
def statement_acknowledge(*, statement: CreditStatement, actor: User | None, note: str = "") -> CreditStatement:
    """The vendor accepts the claim."""
    limits.check_length("note", note, limits.NOTE_LENGTH)
    statement = _locked(statement)
    _require(statement, ALLOWED_FROM["acknowledge"], "acknowledged")
    statement.state = State.ACKNOWLEDGED
    statement.save(update_fields=["state", "updated_at"])
    _event(statement, Kind.ACKNOWLEDGED, actor, note.strip())
    notify(
        event=EventType.CREDIT_ACKNOWLEDGED,
        recipients=hospital_admins(),
        title=f"{statement.vendor} acknowledged the credit for {statement.month:%B %Y}",
        url=statement.get_absolute_url(),
    )
    return statement


@transaction.atomic
def statement_dispute(*, statement: CreditStatement, actor: User | None, reason: str) -> CreditStatement:
    """The vendor disputes the claim, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the credit is disputed."})
    limits.check_length("reason", reason, limits.NOTE_LENGTH)
    statement = _locked(statement)
    _require(statement, ALLOWED_FROM["dispute"], "disputed")
    statement.state = State.DISPUTED
    statement.save(update_fields=["state", "updated_at"])
    _event(statement, Kind.DISPUTED, actor, reason.strip())
    notify(
        event=EventType.CREDIT_DISPUTED,
        recipients=hospital_admins(),
        title=f"{statement.vendor} disputes the credit for {statement.month:%B %Y}",
        body=reason.strip(),
        url=statement.get_absolute_url(),
        level="warning",
    )
    return statement


@transaction.atomic
def statement_answer(*, statement: CreditStatement, actor: User | None, note: str) -> CreditStatement:
    """The hospital answers a dispute and upholds the claim; the vendor may acknowledge or
    dispute again."""
    if not note.strip():
        raise ValidationError({"note": "Answer the vendor's reasons."})
    limits.check_length("note", note, limits.NOTE_LENGTH)
    statement = _locked(statement)
    _require(statement, ALLOWED_FROM["answer"], "answered")
    statement.state = State.CLAIMED
    statement.save(update_fields=["state", "updated_at"])
    _event(statement, Kind.ANSWERED, actor, note.strip())
    notify(
        event=EventType.CREDIT_DISPUTE_ANSWERED,
        recipients=vendor_users(statement.vendor_id),
        title=f"Your dispute of the {statement.month:%B %Y} credit was answered",
        body=note.strip(),
        url=_vendor_url(statement),
    )
    return statement


@transaction.atomic
def statement_apply(*, statement: CreditStatement, actor: User | None, invoice_reference: str) -> CreditStatement:
    """The credit was deducted on an invoice."""
    if not invoice_reference.strip():
        raise ValidationError({"invoice_reference": "Give the invoice the credit was applied to."})
    limit = CreditStatement._meta.get_field("invoice_reference").max_length
    if len(invoice_reference.strip()) > limit:
        raise ValidationError({"invoice_reference": f"An invoice reference has at most {limit} characters."})
    statement = _locked(statement)
    _require(statement, ALLOWED_FROM["apply"], "applied")
    statement.state = State.APPLIED
    statement.invoice_reference = invoice_reference.strip()
    statement.save(update_fields=["state", "invoice_reference", "updated_at"])
    _event(statement, Kind.APPLIED, actor, f"Invoice {statement.invoice_reference}")
    return statement
