"""Reads on maintenance windows: lists and details, each window's compliance with the agreement
in force on its planned day (for any number of windows in a fixed number of queries), and the
calendar feed behind a FeedToken."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from slas import maintenance_rules
from slas.models import Agreement, FeedToken, MaintenanceWindow
from slas.selectors.availability import maintenance_plan, maintenance_terms
from slas.uptime import Interval
from vendors.models import Component

State = MaintenanceWindow.State
# How far back a calendar subscription reaches: a year of history, and everything to come.
FEED_HISTORY = datetime.timedelta(days=400)


def maintenance_list() -> QuerySet[MaintenanceWindow]:
    """Windows with their vendor, components and the people who announced and decided them;
    ``planned_duration`` for sorting by length."""
    return (
        MaintenanceWindow.objects.select_related("vendor", "announced_by", "decided_by")
        .prefetch_related(Prefetch("components", queryset=Component.objects.only("pk", "name", "site", "vendor_id")))
        .annotate(planned_duration=F("planned_end") - F("planned_start"))
    )


def maintenance_coming(*, now: datetime.datetime, days: int) -> QuerySet[MaintenanceWindow]:
    """Windows awaiting approval or approved whose planned work starts in the next ``days``
    days or is going on now (overrunning work included), the earliest first, with their vendor."""
    return (
        MaintenanceWindow.objects.select_related("vendor")
        .filter(state__in=(State.PROPOSED, State.APPROVED), planned_start__lt=now + datetime.timedelta(days=days))
        .filter(Q(planned_end__gt=now) | Q(actual_start__isnull=False, actual_end__isnull=True))
        .order_by("planned_start", "pk")
    )


def maintenance_to_decide(*, now: datetime.datetime) -> QuerySet[MaintenanceWindow]:
    """Windows awaiting a hospital admin's approval whose planned end is still ahead, with their vendor."""
    return (
        MaintenanceWindow.objects.select_related("vendor")
        .filter(state=State.PROPOSED, planned_end__gt=now)
        .order_by("planned_start", "pk")
    )


@dataclass(frozen=True)
class MaintenanceCompliance:
    """How a window stands against its contract's maintenance rules, in words and minutes.
    Work not assessed (cancelled, or rejected with no work recorded) has no problems and
    counts nothing."""

    assessed: bool
    problems: tuple[str, ...]
    planned_minutes: int  # excluded from uptime as planned maintenance (so far)
    unplanned_minutes: int  # counted as unplanned downtime (so far)
    agreement: Agreement | None
    work_started: bool  # whether any work is counted yet (approved work counts from its planned start)

    @property
    def compliant(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        if not self.assessed:
            return "Not applicable"
        return "Compliant" if self.compliant else "Breaks contract"

    @property
    def colour(self) -> str:
        if not self.assessed:
            return "secondary"
        return "success" if self.compliant else "danger"


def _minutes(intervals: Iterable[Interval]) -> int:
    return round(sum((end - start).total_seconds() for start, end in intervals) / 60)


def agreement_for_day(agreements: Sequence[Agreement], day: datetime.date) -> Agreement | None:
    """Of one vendor's agreements, the version in force on ``day``: the same rule as
    ``selectors.agreement_in_force_for_vendor`` (latest start wins, then the higher version)."""
    in_force = [a for a in agreements if a.effective_from <= day and (a.effective_to is None or a.effective_to >= day)]
    return max(in_force, key=lambda a: (a.effective_from, a.version), default=None)


def _is_assessed(window: MaintenanceWindow) -> bool:
    if window.state == State.CANCELLED:
        return False
    return window.state != State.REJECTED or window.actual_start is not None


def maintenance_compliance(
    windows: Sequence[MaintenanceWindow], *, now: datetime.datetime | None = None
) -> dict[int, MaintenanceCompliance]:
    """Compliance of each window by pk: one query for the agreements of all the windows'
    vendors (plus, once per process, each maintenance calendar's clock)."""
    if not windows:
        return {}
    now = now or timezone.now()
    by_vendor: dict[int, list[Agreement]] = defaultdict(list)
    agreements = Agreement.objects.filter(contract__vendor_id__in={w.vendor_id for w in windows})
    for agreement in agreements.select_related("contract", "maintenance_calendar"):
        by_vendor[agreement.contract.vendor_id].append(agreement)
    terms: dict[int | None, maintenance_rules.MaintenanceTerms] = {}
    results = {}
    for window in windows:
        day = timezone.localdate(window.planned_start)
        agreement = agreement_for_day(by_vendor[window.vendor_id], day)
        key = agreement.pk if agreement else None
        if key not in terms:
            terms[key] = maintenance_terms(agreement)
        if not _is_assessed(window):
            results[window.pk] = MaintenanceCompliance(False, (), 0, 0, agreement, False)
            continue
        plan = maintenance_plan(window)
        assessment = maintenance_rules.assess(plan, terms[key], now)
        results[window.pk] = MaintenanceCompliance(
            assessed=True,
            problems=tuple(assessment.problems),
            planned_minutes=_minutes(assessment.planned),
            unplanned_minutes=_minutes(assessment.unplanned),
            agreement=agreement,
            work_started=maintenance_rules.work_interval(plan, now) is not None,
        )
    return results


def maintenance_compliance_of(window: MaintenanceWindow) -> MaintenanceCompliance:
    return maintenance_compliance([window])[window.pk]


def feed_token_of(user: User) -> FeedToken | None:
    """The user's calendar-feed token, if they have made one (reading never creates one)."""
    return FeedToken.objects.filter(user=user).first()


def feed_owner(key: str) -> object | None:
    """The active user whose feed ``key`` is; None for an unknown key or a deactivated user."""
    token = FeedToken.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def feed_windows(user: User, *, vendor_id: int | None = None) -> QuerySet[MaintenanceWindow]:
    """What a calendar subscription shows: the windows ``user`` may see (only their own vendor's
    for a vendor user), proposed, approved and cancelled (so subscribers see cancellations),
    from a year back on, oldest first."""
    windows = (
        MaintenanceWindow.objects.visible_to(user)
        .exclude(state=State.REJECTED)
        .filter(planned_end__gte=timezone.now() - FEED_HISTORY)
        .select_related("vendor")
        .prefetch_related(Prefetch("components", queryset=Component.objects.only("pk", "name", "site", "vendor_id")))
        .order_by("planned_start", "pk")
    )
    if vendor_id is not None:
        windows = windows.filter(vendor_id=vendor_id)
    return windows
