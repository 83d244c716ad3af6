"""The objective measures a criterion is scored from, read through the lower apps' selectors
(slas availability, incidents, maintenance and credits; tickets' clocks and times; kpis' monthly
roll-ups). Each measure is read once per evaluation however many criteria use it, and comes with
the inputs behind its number, in words, for the page and the snapshot."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from core.formatting import format_number, format_percent
from core.months import month_bounds
from kpis.selectors.dashboard import assess, monthly_views
from scorecards.models import Criterion, Measure
from slas.selectors.availability import range_availability, vendors_maintenance_outcomes
from slas.selectors.credits import credits_earned
from slas.selectors.incidents import incident_figures
from tickets.selectors import ClockOutcomes, TicketGroup, clock_outcomes, ticket_groups

HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Measurement:
    """A measured value (None: nothing to measure in the period) and what it was made of."""

    value: Decimal | None
    inputs: list[tuple[str, str]] = field(default_factory=list)


def _percent(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) * 100 if whole else None


def _in(delta: datetime.timedelta | None, unit: datetime.timedelta) -> Decimal | None:
    return None if delta is None else Decimal(delta / unit)


@dataclass
class VendorPeriod:
    """One vendor's records over one period, read lazily: only the measures a template uses cost
    a query."""

    vendor_id: int
    first_day: datetime.date
    end_day: datetime.date  # the first day after the period
    now: datetime.datetime

    @cached_property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        start, _ = month_bounds(self.first_day)
        end, _ = month_bounds(self.end_day)
        return start, min(end, self.now)

    @property
    def begun(self) -> bool:
        start, end = self.bounds
        return start < end

    @cached_property
    def clocks(self) -> list[ClockOutcomes]:
        start, end = self.bounds
        return clock_outcomes(self.vendor_id, start, end)

    @cached_property
    def overall_tickets(self) -> TicketGroup | None:
        start, end = self.bounds
        groups = ticket_groups(self.vendor_id, start, end)
        return next((group for group in groups if group.severity is None and group.tier is None), None)

    def measure(self, criterion: Criterion) -> Measurement:
        if not self.begun:
            return Measurement(None, [("Period", "not begun yet")])
        return READERS[Measure(criterion.measure)](self, criterion)


def _uptime(period: VendorPeriod, criterion: Criterion) -> Measurement:
    start, end = period.bounds
    availability = range_availability(period.vendor_id, start, end, now=period.now)
    figures = availability.figures
    inputs = [
        ("Uptime", f"{format_percent(figures.uptime_percent, 3)}"),
        ("Downtime charged", f"{format_number(_in(figures.downtime, HOUR), 1)} h"),
        ("Outages", format_number(figures.outages)),
    ]
    if availability.target_percent is not None:
        inputs.append(("SLA target", format_percent(availability.target_percent, 3)))
    return Measurement(figures.uptime_percent, inputs)


def _sla_compliance(period: VendorPeriod, criterion: Criterion) -> Measurement:
    rows = [row for row in period.clocks if not criterion.severity or row.severity == criterion.severity]
    met, breached = sum(row.met for row in rows), sum(row.breached for row in rows)
    scope = f"{criterion.severity} tickets" if criterion.severity else "all tickets"
    return Measurement(
        _percent(met, met + breached),
        [("Clocks met", format_number(met)), ("Clocks breached", format_number(breached)), ("Of", scope)],
    )


def _breaches(period: VendorPeriod, criterion: Criterion) -> Measurement:
    breached = sum(row.breached for row in period.clocks)
    decided = breached + sum(row.met for row in period.clocks)
    return Measurement(
        Decimal(breached), [("Clocks breached", format_number(breached)), ("Clocks decided", format_number(decided))]
    )


def _median_response(period: VendorPeriod, criterion: Criterion) -> Measurement:
    group = period.overall_tickets
    responded = group.responded if group else 0
    value = _in(group.response_median, MINUTE) if group else None
    return Measurement(value, [("Tickets responded to", format_number(responded))])


def _median_resolution(period: VendorPeriod, criterion: Criterion) -> Measurement:
    group = period.overall_tickets
    resolved = group.resolved if group else 0
    value = _in(group.resolution_median, HOUR) if group else None
    return Measurement(value, [("Tickets resolved", format_number(resolved))])


def _credits(period: VendorPeriod, criterion: Criterion) -> Measurement:
    earned = credits_earned(period.vendor_id, period.first_day, period.end_day)
    inputs = [
        ("Months with a statement", format_number(earned.months)),
        ("Credit owed", format_number(earned.credit_amount, 2)),
        ("Monthly fees", format_number(earned.monthly_fees, 2)),
    ]
    return Measurement(earned.percent_of_fees, inputs)


def _kpi_attainment(period: VendorPeriod, criterion: Criterion) -> Measurement:
    last_month = (period.end_day - datetime.timedelta(days=1)).replace(day=1)
    views = monthly_views(period.vendor_id, period.first_day, last_month)
    if criterion.kpi_id is not None:
        views = [view for view in views if view.kpi.pk == criterion.kpi_id]
    judged = on_target = 0
    for view in views:
        for point in view.points:
            value = point.measured if point.measured is not None else point.reported
            level = assess(view.kpi, value).level
            if level != "none":
                judged += 1
                on_target += level != "breach"
    scope = criterion.kpi.name if criterion.kpi_id is not None else f"{len(views)} KPIs"
    return Measurement(
        _percent(on_target, judged),
        [
            ("KPI months on target", format_number(on_target)),
            ("KPI months with a target", format_number(judged)),
            ("Of", scope),
        ],
    )


def _incidents(period: VendorPeriod, criterion: Criterion) -> Measurement:
    start, end = period.bounds
    figures = incident_figures(period.vendor_id, start, end)
    return Measurement(Decimal(figures.count), [("Incidents begun", format_number(figures.count))])


def _mttr(period: VendorPeriod, criterion: Criterion) -> Measurement:
    start, end = period.bounds
    figures = incident_figures(period.vendor_id, start, end)
    return Measurement(
        _in(figures.mean_time_to_restore, HOUR),
        [("Incidents restored", format_number(figures.restored)), ("Incidents begun", format_number(figures.count))],
    )


def _maintenance(period: VendorPeriod, criterion: Criterion) -> Measurement:
    start, end = period.bounds
    outcomes = vendors_maintenance_outcomes([period.vendor_id], start, end, now=period.now)[period.vendor_id]
    compliant = sum(1 for outcome in outcomes if outcome.assessment.compliant)
    return Measurement(
        _percent(compliant, len(outcomes)),
        [("Windows compliant", format_number(compliant)), ("Windows assessed", format_number(len(outcomes)))],
    )


READERS: dict[Measure, Callable[[VendorPeriod, Criterion], Measurement]] = {
    Measure.UPTIME: _uptime,
    Measure.SLA_COMPLIANCE: _sla_compliance,
    Measure.MEDIAN_RESPONSE: _median_response,
    Measure.MEDIAN_RESOLUTION: _median_resolution,
    Measure.BREACHES: _breaches,
    Measure.CREDITS: _credits,
    Measure.KPI_ATTAINMENT: _kpi_attainment,
    Measure.INCIDENTS: _incidents,
    Measure.MTTR: _mttr,
    Measure.MAINTENANCE: _maintenance,
}
