"""Availability reads: uptime, downtime budget and service credit per vendor (or component) and
month or date range, from incidents and maintenance windows. A fixed number of queries however
many months, incidents or windows are involved; the arithmetic is in ``slas.uptime``."""

import datetime
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, Q
from django.utils import timezone

from core.months import month_bounds, month_start
from slas import credit_sources, maintenance_rules
from slas.credits import Credit, credit_assess
from slas.models import Agreement, CreditBand, DegradedCounting, Impact, Incident, MaintenanceWindow, TicketCreditRule
from slas.selectors.calendars import calendar_clock
from slas.uptime import Interval, UptimeFigures, uptime


@dataclass(frozen=True)
class MaintenanceOutcome:
    window: MaintenanceWindow
    assessment: maintenance_rules.MaintenanceAssessment


@dataclass(frozen=True)
class Availability:
    vendor_id: int
    component_id: int | None
    start: datetime.datetime
    end: datetime.datetime
    measured_until: datetime.datetime  # ``end``, or now for a period still running
    figures: UptimeFigures
    agreement: Agreement | None
    budget: datetime.timedelta | None  # downtime the target allows in the whole period
    credit: Credit | None  # only for calendar months under an agreement

    @property
    def target_percent(self) -> Decimal | None:
        return self.agreement.uptime_target_percent if self.agreement else None

    @property
    def budget_remaining(self) -> datetime.timedelta | None:
        if self.budget is None:
            return None
        return max(self.budget - self.figures.downtime, datetime.timedelta(0))

    @property
    def budget_overrun(self) -> datetime.timedelta:
        if self.budget is None:
            return datetime.timedelta(0)
        return max(self.figures.downtime - self.budget, datetime.timedelta(0))

    @property
    def budget_used_percent(self) -> float | None:
        """How much of the downtime budget is used, capped at 100; None without a budget."""
        if not self.budget:
            return None
        return min(self.figures.downtime / self.budget * 100, 100)

    @property
    def meets_target(self) -> bool | None:
        if self.target_percent is None:
            return None
        return self.figures.uptime_percent >= self.target_percent

    @property
    def is_partial(self) -> bool:
        return self.measured_until < self.end


@dataclass(frozen=True)
class _History:
    """What one vendor's availability over a range needs, loaded once."""

    agreements: list[Agreement]
    # (started_at, ended_at or None while ongoing, impact), in order of start
    incidents: list[tuple[datetime.datetime, datetime.datetime | None, str]]
    maintenance: list[MaintenanceWindow]

    @cached_property
    def incident_starts(self) -> list[datetime.datetime]:
        return [started_at for started_at, _, _ in self.incidents]


def _agreement_on(agreements: Sequence[Agreement], day: datetime.date) -> Agreement | None:
    """The version in force on ``day`` (latest start wins, as for tickets)."""
    in_force = [a for a in agreements if a.effective_from <= day and (a.effective_to is None or a.effective_to >= day)]
    return max(in_force, key=lambda a: (a.effective_from, a.version), default=None)


def _load_many(
    vendor_ids: Sequence[int],
    component_id: int | None,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    credit_terms: bool = True,
) -> dict[int, _History]:
    """Agreements (with their credit terms unless ``credit_terms`` is False), incidents and
    maintenance of the vendors touching ``start``..``end``, in a fixed number of queries
    however many vendors, months or rows."""
    agreements = Agreement.objects.filter(contract__vendor_id__in=vendor_ids).select_related(
        "contract", "maintenance_calendar"
    )
    if credit_terms:
        agreements = agreements.prefetch_related(
            Prefetch("credit_bands", queryset=CreditBand.objects.all()),
            Prefetch("ticket_credit_rules", queryset=TicketCreditRule.objects.all()),
        )
    incidents = (
        Incident.objects.filter(vendor_id__in=vendor_ids, started_at__lt=end)
        .filter(Q(ended_at__gt=start) | Q(ended_at__isnull=True))
        .exclude(vendor_attributable=Incident.Attributable.NO)
    )
    maintenance = (
        MaintenanceWindow.objects.filter(vendor_id__in=vendor_ids)
        .exclude(state=MaintenanceWindow.State.CANCELLED)
        .filter(Q(planned_start__lt=end) | Q(actual_start__lt=end))
        .filter(
            Q(planned_end__gt=start) | Q(actual_end__gt=start) | Q(actual_start__isnull=False, actual_end__isnull=True)
        )
    )
    if component_id is not None:
        incidents = incidents.filter(components=component_id)
        maintenance = maintenance.filter(Q(components=component_id) | Q(components__isnull=True))
    histories = {vendor_id: _History([], [], []) for vendor_id in vendor_ids}
    for agreement in agreements:
        histories[agreement.contract.vendor_id].agreements.append(agreement)
    rows = incidents.values_list("vendor_id", "started_at", "ended_at", "impact").distinct().order_by("started_at")
    for vendor_id, *row in rows:
        histories[vendor_id].incidents.append(tuple(row))
    for window in maintenance.distinct():
        histories[window.vendor_id].maintenance.append(window)
    return histories


def _load(vendor_id: int, component_id: int | None, start: datetime.datetime, end: datetime.datetime) -> _History:
    return _load_many([vendor_id], component_id, start, end)[vendor_id]


def maintenance_terms(agreement: Agreement | None) -> maintenance_rules.MaintenanceTerms:
    """The agreement's maintenance rules (none without an agreement: any notice, any time)."""
    if agreement is None:
        return maintenance_rules.MaintenanceTerms(notice=datetime.timedelta(0))
    calendar = agreement.maintenance_calendar
    return maintenance_rules.MaintenanceTerms(
        notice=datetime.timedelta(hours=agreement.maintenance_notice_hours),
        allowed=calendar_clock(calendar) if calendar is not None else None,
        allowed_label=calendar.name if calendar is not None else "",
    )


def maintenance_plan(window: MaintenanceWindow) -> maintenance_rules.MaintenancePlan:
    return maintenance_rules.MaintenancePlan(
        planned_start=window.planned_start,
        planned_end=window.planned_end,
        announced_at=window.announced_at,
        approved=window.state == MaintenanceWindow.State.APPROVED,
        cancelled=window.state == MaintenanceWindow.State.CANCELLED,
        actual_start=window.actual_start,
        actual_end=window.actual_end,
    )


def _assessed(history: _History, now: datetime.datetime) -> list[MaintenanceOutcome]:
    zone = timezone.get_default_timezone()
    outcomes = []
    for window in history.maintenance:
        agreement = _agreement_on(history.agreements, window.planned_start.astimezone(zone).date())
        assessment = maintenance_rules.assess(maintenance_plan(window), maintenance_terms(agreement), now)
        outcomes.append(MaintenanceOutcome(window, assessment))
    return outcomes


def _period(
    history: _History,
    outcomes: list[MaintenanceOutcome],
    *,
    vendor_id: int,
    component_id: int | None,
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime,
    misses: dict[tuple[str, str], int] | None,
) -> Availability:
    """One period's figures; ``misses`` (ticket misses) only for a calendar month, which then
    gets its service credit."""
    measured_until = min(end, now)
    zone = timezone.get_default_timezone()
    agreement = _agreement_on(history.agreements, (end - datetime.timedelta(microseconds=1)).astimezone(zone).date())
    agreement = agreement or _agreement_on(history.agreements, start.astimezone(zone).date())
    down: list[Interval] = []
    degraded: list[Interval] = []
    # Incidents are in order of start: those starting before this period ends, by bisection,
    # and of those the ones still on when it starts (any from long ago may still be open).
    starts = history.incident_starts
    for started_at, ended_at, impact in history.incidents[: bisect_left(starts, measured_until)]:
        if ended_at is not None and ended_at <= start:
            continue
        interval = (started_at, min(ended_at or now, now))
        (down if impact == Impact.DOWN else degraded).append(interval)
    planned: list[Interval] = []
    for outcome in outcomes:
        planned += outcome.assessment.planned
        down += outcome.assessment.unplanned
    weight = DegradedCounting(agreement.degraded_counting).weight if agreement else DegradedCounting.HALF.weight
    figures = uptime(
        start=start, end=measured_until, down=down, degraded=degraded, excluded=planned, degraded_weight=weight
    )
    budget = None
    credit = None
    if agreement is not None:
        # Real time (UTC): ``end - start`` in one zone is wall-clock time, an hour off in DST months.
        allowed = (end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)) - figures.excluded
        budget = allowed * float((100 - agreement.uptime_target_percent) / 100)
        if misses is not None:
            credit = credit_assess(agreement, figures.uptime_percent, misses)
    return Availability(
        vendor_id=vendor_id,
        component_id=component_id,
        start=start,
        end=end,
        measured_until=measured_until,
        figures=figures,
        agreement=agreement,
        budget=budget,
        credit=credit,
    )


def monthly_availability(
    vendor_id: int,
    months: Sequence[datetime.date],
    *,
    component_id: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Availability]:
    """Availability of each month (first days, in order) that has begun by ``now``."""
    now = now or timezone.now()
    bounds = [month_bounds(month) for month in months]
    bounds = [(start, end) for start, end in bounds if start < now]
    if not bounds:
        return []
    history = _load(vendor_id, component_id, bounds[0][0], bounds[-1][1])
    outcomes = _assessed(history, now)
    # Ticket credits are the vendor's, not a component's.
    misses = credit_sources.ticket_misses(vendor_id, bounds) if component_id is None else [{} for _ in bounds]
    return [
        _period(
            history,
            outcomes,
            vendor_id=vendor_id,
            component_id=component_id,
            start=start,
            end=end,
            now=now,
            misses=month_misses,
        )
        for (start, end), month_misses in zip(bounds, misses, strict=True)
    ]


def month_availability(
    vendor_id: int, month: datetime.date, *, component_id: int | None = None, now: datetime.datetime | None = None
) -> Availability:
    """One month's availability; raises ValueError for a month that has not begun."""
    periods = monthly_availability(vendor_id, [month_start(month)], component_id=component_id, now=now)
    if not periods:
        raise ValueError(f"{month:%Y-%m} has not begun yet.")
    return periods[0]


def range_availability(
    vendor_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    component_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Availability:
    """Availability over any range (no service credit: credits are monthly)."""
    now = now or timezone.now()
    if end <= start:
        raise ValueError("The range must end after it starts.")
    if start >= now:
        raise ValueError("The range has not begun yet.")
    history = _load(vendor_id, component_id, start, end)
    return _period(
        history,
        _assessed(history, now),
        vendor_id=vendor_id,
        component_id=component_id,
        start=start,
        end=end,
        now=now,
        misses=None,
    )


def vendors_month_availability(
    vendor_ids: Sequence[int], month: datetime.date, *, now: datetime.datetime | None = None
) -> dict[int, Availability]:
    """One month's availability of many vendors at once (without service credits, which need
    each vendor's ticket misses), for overviews."""
    now = now or timezone.now()
    start, end = month_bounds(month_start(month))
    if start >= now:
        raise ValueError(f"{month:%Y-%m} has not begun yet.")
    histories = _load_many(vendor_ids, None, start, end, credit_terms=False)
    return {
        vendor_id: _period(
            history,
            _assessed(history, now),
            vendor_id=vendor_id,
            component_id=None,
            start=start,
            end=end,
            now=now,
            misses=None,
        )
        for vendor_id, history in histories.items()
    }


def vendors_maintenance_outcomes(
    vendor_ids: Sequence[int], start: datetime.datetime, end: datetime.datetime, *, now: datetime.datetime | None = None
) -> dict[int, list[MaintenanceOutcome]]:
    """Each vendor's maintenance in the range with its compliance, in a fixed number of queries."""
    now = now or timezone.now()
    return {
        vendor_id: _assessed(history, now)
        for vendor_id, history in _load_many(vendor_ids, None, start, end, credit_terms=False).items()
    }


def maintenance_outcomes(
    vendor_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
    component_id: int | None = None,
) -> list[MaintenanceOutcome]:
    """The vendor's maintenance in the range with its compliance, for timelines and reports."""
    return _assessed(_load(vendor_id, component_id, start, end), now or timezone.now())
