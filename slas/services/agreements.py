"""Writes on agreements: a version with its targets and escalation rules, saved as one."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from slas.models import Agreement, AgreementTarget, EscalationRule, Metric, Severity


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


def _prefixed(error: ValidationError, where: str) -> list[str]:
    return [f"{where}: {message}" for message in error.messages]


@transaction.atomic
def agreement_save(*, agreement: Agreement, targets: list[TargetInput], rules: list[RuleInput]) -> Agreement:
    """Save an agreement version with one target row per severity (durations positive, each on
    its own calendar) and its escalation rules (thresholds 1 to 500 %, one per metric and
    threshold, at least one action each). Versions of one contract must not overlap in time.
    Targets and rules are replaced as a whole, so nothing is half-written."""
    agreement.full_clean()
    target_rows = _validated_targets(agreement, targets)
    rule_rows = _validated_rules(agreement, rules)
    agreement.save()
    agreement.targets.all().delete()
    agreement.escalation_rules.all().delete()
    AgreementTarget.objects.bulk_create(target_rows)
    EscalationRule.objects.bulk_create(rule_rows)
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
        uptime_target_percent=agreement.uptime_target_percent,
        notes=agreement.notes,
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
    return agreement_save(agreement=successor, targets=targets, rules=rules)
