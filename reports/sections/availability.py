"""Availability: uptime against the target, the downtime budget, the month's incidents with their
impact and duration, maintenance and its compliance, and twelve months of uptime."""

from typing import Any

from core.months import previous_months
from reports import charts
from reports.sections.base import ReportPeriod, decimal_text, instant_text, minutes_text
from slas.selectors import availability
from slas.selectors.incidents import incident_list
from slas.uptime import shown_percent, total

KEY = "availability"
TITLE = "Availability"
TEMPLATE = "reports/pdf/availability.html"
HISTORY_MONTHS = 12


def month_figures(entry: availability.Availability) -> dict[str, Any]:
    figures = entry.figures
    return {
        "month": f"{entry.start:%Y-%m}",
        "uptime_percent": decimal_text(shown_percent(figures.uptime_percent)),
        "target_percent": decimal_text(entry.target_percent),
        "meets_target": entry.meets_target,
        "downtime_minutes": minutes_text(figures.downtime),
    }


def _incidents(period: ReportPeriod) -> list[dict[str, Any]]:
    incidents = (
        incident_list()
        .filter(vendor_id=period.vendor_id, started_at__lt=period.end)
        .exclude(ended_at__lte=period.start)
        .order_by("started_at", "pk")
    )
    rows = []
    for incident in incidents:
        ended = incident.ended_at
        until = min(ended or period.now, period.end)
        rows.append(
            {
                "id": incident.pk,
                "title": incident.title,
                "impact": incident.get_impact_display(),
                "components": [component.name for component in incident.components.all()],
                "started_at": instant_text(incident.started_at),
                "ended_at": instant_text(ended),
                "ongoing": ended is None,
                "minutes_in_month": minutes_text(until - max(incident.started_at, period.start)),
                "duration_minutes": minutes_text((ended or period.now) - incident.started_at),
                "detected_by": incident.get_detected_by_display(),
                "cause": incident.get_cause_category_display(),
                "vendor_attributable": incident.get_vendor_attributable_display(),
                "counts": incident.vendor_attributable != incident.Attributable.NO,
            }
        )
    return rows


def _maintenance(period: ReportPeriod) -> list[dict[str, Any]]:
    outcomes = availability.maintenance_outcomes(period.vendor_id, period.start, period.end, now=period.now)
    rows = []
    for outcome in sorted(outcomes, key=lambda o: (o.window.planned_start, o.window.pk)):
        window, assessment = outcome.window, outcome.assessment
        rows.append(
            {
                "id": window.pk,
                "title": window.title,
                "state": window.get_state_display(),
                "planned_start": instant_text(window.planned_start),
                "planned_end": instant_text(window.planned_end),
                "actual_start": instant_text(window.actual_start),
                "actual_end": instant_text(window.actual_end),
                "compliant": assessment.compliant,
                "problems": list(assessment.problems),
                "planned_minutes": minutes_text(total(assessment.planned)),
                "unplanned_minutes": minutes_text(total(assessment.unplanned)),
            }
        )
    return rows


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    months = previous_months(period.month, HISTORY_MONTHS)
    history = availability.monthly_availability(period.vendor_id, months, now=period.now)
    current = history[-1]
    figures = current.figures
    return {
        "uptime_percent": decimal_text(shown_percent(figures.uptime_percent)),
        "uptime_exact": decimal_text(figures.uptime_percent, 6),
        "target_percent": decimal_text(current.target_percent),
        "meets_target": current.meets_target,
        "partial": current.is_partial,
        "period_minutes": minutes_text(figures.period),
        "excluded_minutes": minutes_text(figures.excluded),
        "down_minutes": minutes_text(figures.down),
        "degraded_minutes": minutes_text(figures.degraded),
        "downtime_minutes": minutes_text(figures.downtime),
        "budget_minutes": minutes_text(current.budget),
        "budget_remaining_minutes": minutes_text(current.budget_remaining),
        "budget_overrun_minutes": minutes_text(current.budget_overrun),
        "outages": figures.outages,
        "mttr_minutes": minutes_text(figures.mttr),
        "mtbf_hours": decimal_text(figures.mtbf.total_seconds() / 3600, 1) if figures.mtbf else None,
        "incidents": _incidents(period),
        "maintenance": _maintenance(period),
        "history": [month_figures(entry) for entry in history],
    }


def charts_of(data: dict[str, Any]) -> dict[str, str]:
    history = data["history"]
    if not history:
        return {}
    uptimes = [float(entry["uptime_percent"]) for entry in history]
    targets = [float(entry["target_percent"]) for entry in history if entry["target_percent"] is not None]
    floor = min([*uptimes, *targets]) - 0.2
    return {
        "uptime": charts.bar_chart(
            [entry["month"][2:] for entry in history],
            [("Uptime", uptimes, charts.MEASURED)],
            unit="%",
            title="Uptime by month",
            target=targets[-1] if targets else None,
            floor=max(floor, 0),
        )
    }
