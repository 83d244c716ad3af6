"""Reads on agreements that other apps need: lists and details with their rows, the version in
force on a day, and a version's policy (targets and escalation rules, cached per process)."""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, Prefetch, QuerySet, Value, When

from slas.models import Agreement, AgreementTarget, BusinessCalendar, EscalationRule, Metric, TicketCreditRule


def agreement_list() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("contract__vendor")


METRIC_ORDER = Case(*(When(metric=metric, then=Value(n)) for n, metric in enumerate(Metric.values)))


def agreement_detail() -> QuerySet[Agreement]:
    """Agreements with targets (and calendars) and rules in escalation order: response, update,
    resolution, each by threshold; credit bands, ticket credit rules, the maintenance window."""
    return agreement_list().prefetch_related(
        Prefetch("targets", queryset=AgreementTarget.objects.select_related("calendar")),
        Prefetch("escalation_rules", queryset=EscalationRule.objects.order_by(METRIC_ORDER, "threshold_percent")),
        "credit_bands",
        Prefetch("ticket_credit_rules", queryset=TicketCreditRule.objects.order_by("severity", METRIC_ORDER)),
        Prefetch("maintenance_calendar", queryset=BusinessCalendar.objects.prefetch_related("windows")),
    )


def agreement_in_force(*, contract_id: int, on: datetime.date) -> Agreement | None:
    """The version of a contract's SLA that applies to a ticket opened on ``on``."""
    return (
        Agreement.objects.filter(contract_id=contract_id, effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from")
        .first()
    )


def agreement_in_force_for_vendor(*, vendor_id: int, on: datetime.date) -> Agreement | None:
    """The SLA version in force on ``on`` on any of the vendor's contracts (latest start wins)."""
    return (
        Agreement.objects.filter(contract__vendor_id=vendor_id, effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from", "-version")
        .first()
    )


def agreements_in_force_during(
    vendor_ids: list[int], first_day: datetime.date, last_day: datetime.date
) -> QuerySet[Agreement]:
    """The SLA versions of the vendors that were in force on any day from ``first_day`` to
    ``last_day``, with their targets (what a monthly report states it was measured against)."""
    return (
        agreement_detail()
        .filter(contract__vendor_id__in=vendor_ids, effective_from__lte=last_day)
        .exclude(effective_to__lt=first_day)
        .order_by("contract__vendor_id", "effective_from", "version")
    )


def vendors_under_agreement(first_day: datetime.date, last_day: datetime.date) -> QuerySet:
    """The ids of the vendors with an SLA version in force on any day from ``first_day`` to
    ``last_day``: those that have an uptime target to measure against."""
    return (
        Agreement.objects.filter(effective_from__lte=last_day)
        .exclude(effective_to__lt=first_day)
        .values_list("contract__vendor_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Policy:
    """What a ticket's clocks need from an agreement version: targets by severity (with their
    calendars) and the escalation rules."""

    targets: dict[str, AgreementTarget]
    rules: tuple[EscalationRule, ...]


def agreement_policy(agreement: Agreement) -> Policy:
    """The agreement's policy, cached per process until the agreement is saved again (targets
    and rules are only ever saved with it, by ``agreement_save``)."""
    return _policy(agreement.pk, agreement.updated_at)


@lru_cache(maxsize=512)
def _policy(agreement_id: int, updated_at: datetime.datetime) -> Policy:
    targets = AgreementTarget.objects.filter(agreement_id=agreement_id).select_related("calendar")
    rules = EscalationRule.objects.filter(agreement_id=agreement_id).order_by("metric", "threshold_percent")
    return Policy(targets={target.severity: target for target in targets}, rules=tuple(rules))
