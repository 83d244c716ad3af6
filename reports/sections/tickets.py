"""Support tickets: volumes by severity and support tier, SLA compliance per severity and metric,
median and 90th-percentile response and resolution times, the breaches, the reopen rate and
satisfaction, with last month's headline figures beside them.

Compliance is business time: each clock against its target on the target's calendar, counted in
the month its outcome (met or breached) fell in. Response and resolution times are wall-clock
time from opening to the first response or to the resolution, of the tickets responded to or
resolved in the month. A fixed number of queries, however many tickets there are.
"""

from decimal import Decimal
from typing import Any

from core.months import month_bounds, previous_months
from reports import charts
from reports.sections.base import ReportPeriod, decimal_text, instant_text, minutes_text, rate_text
from slas.models import Metric, Severity, SupportTier
from tickets.selectors import (
    ClockOutcomes,
    TicketGroup,
    clock_breaches,
    clock_outcomes,
    rating_scores,
    resolution_events,
    ticket_groups,
    tickets_opened,
)

KEY = "tickets"
TITLE = "Support tickets"
TEMPLATE = "reports/pdf/tickets.html"

BREACHES_SHOWN = 100
MEASURES = ("opened", "resolved", "open_at_end")
RESPONSE, UPDATE, RESOLUTION = Metric.RESPONSE.value, Metric.UPDATE.value, Metric.RESOLUTION.value
METRICS = (RESPONSE, UPDATE, RESOLUTION)
TIMED_METRICS = (RESPONSE, RESOLUTION)
SCORES = range(1, 6)
ALL_SEVERITIES = (None, "All severities")


def _severities() -> list[tuple[str | None, str]]:
    return [*Severity.choices, ALL_SEVERITIES]


def _volume_rows(groups: list[TicketGroup], field: str, choices: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One row per choice (every severity, or every tier, even without tickets)."""
    found = {getattr(group, field): group for group in groups}
    return [
        {
            field: value,
            "label": label,
            **{measure: getattr(found[value], measure) if value in found else 0 for measure in MEASURES},
        }
        for value, label in choices
    ]


def _compliance(outcomes: list[ClockOutcomes]) -> list[dict[str, Any]]:
    """Per severity (and all together), each metric's clocks met and breached, and percent met."""
    rows = []
    for severity, label in _severities():
        row: dict[str, Any] = {"severity": severity, "label": label}
        for metric in METRICS:
            mine = [o for o in outcomes if o.metric == metric and severity in (None, o.severity)]
            met, breached = sum(o.met for o in mine), sum(o.breached for o in mine)
            row[metric] = {"met": met, "breached": breached, "percent": rate_text(met, met + breached)}
        rows.append(row)
    return rows


def _overall(outcomes: list[ClockOutcomes], metric: str) -> str | None:
    met = sum(o.met for o in outcomes if o.metric == metric)
    breached = sum(o.breached for o in outcomes if o.metric == metric)
    return rate_text(met, met + breached)


def _times(groups: list[TicketGroup]) -> list[dict[str, Any]]:
    """Per severity (and all together), median and p90 wall-clock minutes to the first response
    and to resolution, with how many tickets each is taken over."""
    found = {group.severity: group for group in groups if group.tier is None}
    rows = []
    for severity, label in _severities():
        group = found.get(severity)
        rows.append(
            {
                "severity": severity,
                "label": label,
                RESPONSE: {
                    "tickets": group.responded if group else 0,
                    "median_minutes": minutes_text(group.response_median) if group else None,
                    "p90_minutes": minutes_text(group.response_p90) if group else None,
                },
                RESOLUTION: {
                    "tickets": group.resolved if group else 0,
                    "median_minutes": minutes_text(group.resolution_median) if group else None,
                    "p90_minutes": minutes_text(group.resolution_p90) if group else None,
                },
            }
        )
    return rows


def _breaches(period: ReportPeriod) -> list[dict[str, Any]]:
    return [
        {
            "ticket_id": breach.ticket_id,
            "title": breach.title,
            "severity": breach.severity,
            "metric": breach.metric,
            "metric_label": Metric(breach.metric).label,
            "due_at": instant_text(breach.due_at),
            "breached_at": instant_text(breach.breached_at),
        }
        for breach in clock_breaches(period.vendor_id, period.start, period.end, limit=BREACHES_SHOWN)
    ]


def _satisfaction(scores: dict[int, int]) -> dict[str, Any]:
    ratings = sum(scores.values())
    points = sum(score * count for score, count in scores.items())
    return {
        "ratings": ratings,
        "mean": decimal_text(Decimal(points) / ratings, 2) if ratings else None,
        "distribution": [
            {"score": score, "count": scores.get(score, 0), "percent": rate_text(scores.get(score, 0), ratings)}
            for score in SCORES
        ],
    }


def _previous(period: ReportPeriod) -> dict[str, Any]:
    """Last calendar month's headline figures, counted by the same rules."""
    month = previous_months(period.month, 2)[0]
    start, end = month_bounds(month)
    outcomes = clock_outcomes(period.vendor_id, start, end)
    return {
        "month": f"{month:%Y-%m}",
        "opened": tickets_opened(period.vendor_id, start, end),
        "response_compliance_percent": _overall(outcomes, RESPONSE),
        "resolution_compliance_percent": _overall(outcomes, RESOLUTION),
    }


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    vendor_id, start, end = period.vendor_id, period.start, period.end
    groups = ticket_groups(vendor_id, start, end)
    overall = next((group for group in groups if group.severity is None and group.tier is None), None)
    outcomes = clock_outcomes(vendor_id, start, end)
    resolved_events, reopened_events = resolution_events(vendor_id, start, end)
    breach_count = sum(outcome.breached for outcome in outcomes)
    return {
        **{measure: getattr(overall, measure) if overall else 0 for measure in MEASURES},
        "by_severity": _volume_rows([g for g in groups if g.tier is None], "severity", Severity.choices),
        "by_tier": _volume_rows([g for g in groups if g.severity is None], "tier", SupportTier.choices),
        "response_compliance_percent": _overall(outcomes, RESPONSE),
        "update_compliance_percent": _overall(outcomes, UPDATE),
        "resolution_compliance_percent": _overall(outcomes, RESOLUTION),
        "compliance": _compliance(outcomes),
        "times": _times(groups),
        "breach_count": breach_count,
        "breaches_total": breach_count,
        "breaches": _breaches(period),
        "reopen": {
            "resolved_events": resolved_events,
            "reopened_events": reopened_events,
            "percent": rate_text(reopened_events, resolved_events),
        },
        "satisfaction": _satisfaction(rating_scores(vendor_id, start, end)),
        "previous": _previous(period),
    }


def _bar_height(percent: str | None) -> float:
    return float("nan") if percent is None else float(percent)  # NaN: no bar where nothing was decided


def charts_of(data: dict[str, Any]) -> dict[str, str]:
    """Tickets opened and resolved per severity, and compliance per severity, side by side."""
    drawn = {}
    rows = data["by_severity"]
    labels = [row["severity"] for row in rows]
    if any(row["opened"] or row["resolved"] for row in rows):
        drawn["volumes"] = charts.bar_chart(
            labels,
            [
                ("Opened", [row["opened"] for row in rows], charts.MEASURED),
                ("Resolved", [row["resolved"] for row in rows], charts.GOOD),
            ],
            unit="tickets",
            title="Tickets by severity",
            width=3.3,
            legend_below=True,
        )
    compliance = [row for row in data["compliance"] if row["severity"] is not None]
    if any(row[metric]["percent"] is not None for row in compliance for metric in TIMED_METRICS):
        drawn["compliance"] = charts.bar_chart(
            labels,
            [
                ("Response", [_bar_height(row[RESPONSE]["percent"]) for row in compliance], charts.MEASURED),
                ("Resolution", [_bar_height(row[RESOLUTION]["percent"]) for row in compliance], charts.REPORTED),
            ],
            unit="% within SLA",
            title="SLA compliance by severity",
            width=3.3,
            legend_below=True,
        )
    return drawn
