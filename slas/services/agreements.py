"""Writes on agreements: a version with its targets and escalation rules, saved as one."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from slas.models import Agreement, AgreementTarget, CreditBand, EscalationRule, Metric, Severity, TicketCreditRule

# The agreement's availability and credit terms (copied into a new version).
AVAILABILITY_TERMS = (
    "uptime_target_percent",
    "degraded_counting",
    "retrieval_degraded_seconds",
    "maintenance_notice_hours",
    "maintenance_calendar",
    "credit_cap_percent",
    "ticket_credit_cap_percent",
    "claim_deadline_days",
    "chronic_threshold_percent",
    "chronic_months",
    "chronic_window_months",
)


@dataclass(frozen=True)
class TargetInput:
    severity: str
    calendar_id: int
    response: datetime.timedelta
    update: datetime.timedelta | None = None
    resolution: datetime.timedelta | None = None


@dataclass(frozen=True)
class RuleInput:
    metric: str
    threshold_percent: int
    notify_assignee: bool = True
    notify_contact_role: str = ""
    notify_escalation_level: int | None = None
    notify_hospital_admins: bool = False
    raise_tier_to: str = ""


def _validated_targets(agreement: Agreement, targets: list[TargetInput]) -> list[AgreementTarget]:
    severities = [target.severity for target in targets]
    duplicates = sorted({s for s in severities if severities.count(s) > 1})
    if duplicates:
        raise ValidationError(f"One target row per severity: {', '.join(duplicates)} appears more than once.")
    missing = [s for s in Severity.values if s not in severities]
    if missing:
        raise ValidationError(f"Give targets for every severity; missing: {', '.join(missing)}.")
    rows = []
    for target in targets:
        row = AgreementTarget(agreement=agreement, **target.__dict__)
        try:
            row.full_clean(exclude=["agreement"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError(_prefixed(error, target.severity)) from error
        rows.append(row)
    return rows


def _validated_rules(agreement: Agreement, rules: list[RuleInput]) -> list[EscalationRule]:
    seen = set()
    rows = []
    for rule in rules:
        key = (rule.metric, rule.threshold_percent)
        if key in seen:
            raise ValidationError(f"{Metric(rule.metric).label} has two rules at {rule.threshold_percent} %.")
        seen.add(key)
        row = EscalationRule(agreement=agreement, **rule.__dict__)
        try:
            row.full_clean(exclude=["agreement"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                _prefixed(error, f"{Metric(rule.metric).label} at {rule.threshold_percent} %")
            ) from error
        rows.append(row)
    return rows


@dataclass(frozen=True)
class BandInput:
    below_percent: Decimal
    credit_percent: Decimal


@dataclass(frozen=True)
class TicketCreditInput:
    severity: str
    metric: str
    credit_percent: Decimal


def _validated_bands(agreement: Agreement, bands: list[BandInput]) -> list[CreditBand]:
    thresholds = [band.below_percent for band in bands]
    repeated = sorted({t for t in thresholds if thresholds.count(t) > 1})
    if repeated:
        raise ValidationError(f"Two credit bands start below {_percent(repeated[0])} %.")
    rows = []
    for band in bands:
        row = CreditBand(agreement=agreement, **band.__dict__)
        try:
            row.full_clean(exclude=["agreement"], validate_unique=False)
        except ValidationError as error:
            where = f"Credit band below {_percent(band.below_percent)} %"
            raise ValidationError(_prefixed(error, where)) from error
        rows.append(row)
    return rows


def _validated_ticket_credits(agreement: Agreement, credits: list[TicketCreditInput]) -> list[TicketCreditRule]:
    keys = [(credit.severity, credit.metric) for credit in credits]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        severity, metric = repeated[0]
        raise ValidationError(f"{severity} {Metric(metric).label.lower()} has two ticket credit rules.")
    rows = []
    for credit in credits:
        row = TicketCreditRule(agreement=agreement, **credit.__dict__)
        try:
            row.full_clean(exclude=["agreement"], validate_unique=False)
        except ValidationError as error:
            where = f"Ticket credit {credit.severity} {credit.metric}"
            raise ValidationError(_prefixed(error, where)) from error
        rows.append(row)
    return rows


def _percent(value: Decimal) -> str:
    """99.900 as 99.9, 5.00 as 5: as the contract writes it, whatever precision it arrived with."""
    return f"{Decimal(value).normalize():f}"


def _prefixed(error: ValidationError, where: str) -> list[str]:
    return [f"{where}: {message}" for message in error.messages]


@transaction.atomic
def agreement_save(
    *,
    agreement: Agreement,
    targets: list[TargetInput] | None,
    rules: list[RuleInput] | None = None,
    bands: list[BandInput] | None = None,
    ticket_credits: list[TicketCreditInput] | None = None,
) -> Agreement:
    """Save an agreement version with one target row per severity (durations positive, each on
    its own calendar) and its escalation rules (thresholds 1 to 500 %, one per metric and
    threshold, at least one action each), its availability credit bands (one per threshold) and
    ticket credit rules (one per severity and metric). Versions of one contract must not overlap
    in time. Each kind of row given is replaced as a whole, so nothing is half-written; a kind
    given as None keeps the stored rows (a new agreement needs its targets, and starts without
    the others)."""
    if targets is None and agreement.pk is None:
        raise ValidationError({"targets": "Give the targets of every severity."})
    agreement.full_clean()
    target_rows = _validated_targets(agreement, targets) if targets is not None else None
    rule_rows = _validated_rules(agreement, rules) if rules is not None else None
    band_rows = _validated_bands(agreement, bands) if bands is not None else None
    credit_rows = _validated_ticket_credits(agreement, ticket_credits) if ticket_credits is not None else None
    agreement.save()
    if target_rows is not None:
        agreement.targets.all().delete()
        AgreementTarget.objects.bulk_create(target_rows)
    if rule_rows is not None:
        agreement.escalation_rules.all().delete()
        EscalationRule.objects.bulk_create(rule_rows)
    if band_rows is not None:
        agreement.credit_bands.all().delete()
        CreditBand.objects.bulk_create(band_rows)
    if credit_rows is not None:
        agreement.ticket_credit_rules.all().delete()
        TicketCreditRule.objects.bulk_create(credit_rows)
    return agreement


@transaction.atomic
def agreement_new_version(*, agreement: Agreement, effective_from: datetime.date) -> Agreement:
    """A copy of ``agreement`` as the next version from ``effective_from``; the version before
    it ends the day before. Tickets already open keep the version they started under."""
    latest = (
        Agreement.objects.select_for_update().filter(contract_id=agreement.contract_id).order_by("-version").first()
    )
    if effective_from <= agreement.effective_from:
        raise ValidationError({"effective_from": "A new version starts after the version it replaces."})
    if agreement.effective_to is None or agreement.effective_to >= effective_from:
        agreement.effective_to = effective_from - datetime.timedelta(days=1)
        agreement.save(update_fields=["effective_to", "updated_at"])
    successor = Agreement(
        contract_id=agreement.contract_id,
        version=latest.version + 1,
        name=agreement.name,
        effective_from=effective_from,
        notes=agreement.notes,
        **{name: getattr(agreement, name) for name in AVAILABILITY_TERMS},
    )
    targets = [
        TargetInput(t.severity, t.calendar_id, t.response, t.update, t.resolution) for t in agreement.targets.all()
    ]
    rules = [
        RuleInput(
            r.metric,
            r.threshold_percent,
            r.notify_assignee,
            r.notify_contact_role,
            r.notify_escalation_level,
            r.notify_hospital_admins,
            r.raise_tier_to,
        )
        for r in agreement.escalation_rules.all()
    ]
    bands = [BandInput(b.below_percent, b.credit_percent) for b in agreement.credit_bands.all()]
    credits = [TicketCreditInput(c.severity, c.metric, c.credit_percent) for c in agreement.ticket_credit_rules.all()]
    return agreement_save(agreement=successor, targets=targets, rules=rules, bands=bands, ticket_credits=credits)
