"""Executive summary: was the SLA met, what credit is owed, the headline KPIs against their
targets, and what changed since last month. Built from the other sections' data only."""

from decimal import Decimal
from typing import Any

from core.formatting import format_minutes, format_percent
from reports.sections.base import ReportPeriod, decimal_text

KEY = "summary"
TITLE = "Executive summary"
TEMPLATE = "reports/pdf/summary.html"
DEPENDS_ON = ("availability", "tickets", "kpis", "credits")


def _change(label: str, now: str | None, before: str | None, unit: str, higher_is_better: bool) -> dict[str, Any]:
    """One figure this month against last month, with the direction in words."""
    if now is None or before is None:
        return {"label": label, "now": now, "before": before, "unit": unit, "delta": None, "verdict": "no comparison"}
    delta = Decimal(now) - Decimal(before)
    verdict = "unchanged" if delta == 0 else "better" if (delta > 0) == higher_is_better else "worse"
    return {
        "label": label,
        "now": now,
        "before": before,
        "unit": unit,
        "delta": decimal_text(delta),
        "verdict": verdict,
    }


def _findings(availability: dict[str, Any], tickets: dict[str, Any]) -> list[str]:
    findings = []
    if availability["meets_target"] is False:
        findings.append(
            f"Uptime {format_percent(availability['uptime_percent'], 3)} is below the "
            f"{format_percent(availability['target_percent'])} target "
            f"({format_minutes(availability['budget_overrun_minutes'])} over the downtime budget)."
        )
    breaches = tickets["breach_count"]
    if breaches:
        findings.append(f"{breaches} SLA clock{'s' if breaches != 1 else ''} breached on support tickets.")
    return findings


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    availability, tickets, kpis, credits = (built[key] for key in DEPENDS_ON)
    findings = _findings(availability, tickets)
    has_target = availability["meets_target"] is not None
    history = availability["history"]
    before = history[-2] if len(history) >= 2 else None
    previous = tickets.get("previous") or {}
    month_credit = credits["month"]
    return {
        "sla_met": (not findings) if has_target else None,
        "findings": findings,
        "uptime_percent": availability["uptime_percent"],
        "target_percent": availability["target_percent"],
        "credit_amount": month_credit["credit_amount"] if month_credit else None,
        "credit_percent": month_credit["credit_percent"] if month_credit else None,
        "credit_state": month_credit["state_label"] if month_credit else None,
        "currency": credits["currency"],
        "outstanding_amount": credits["outstanding_amount"],
        "tickets_opened": tickets["opened"],
        "response_compliance_percent": tickets["response_compliance_percent"],
        "resolution_compliance_percent": tickets["resolution_compliance_percent"],
        "headline_kpis": kpis["headline"],
        "changes": [
            _change("Uptime", availability["uptime_percent"], before and before["uptime_percent"], "%", True),
            _change("Tickets opened", str(tickets["opened"]), _text(previous.get("opened")), "", False),
            _change(
                "Responses within SLA",
                tickets["response_compliance_percent"],
                previous.get("response_compliance_percent"),
                "%",
                True,
            ),
            _change(
                "Resolutions within SLA",
                tickets["resolution_compliance_percent"],
                previous.get("resolution_compliance_percent"),
                "%",
                True,
            ),
        ],
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)
