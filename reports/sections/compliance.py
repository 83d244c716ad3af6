"""Security and compliance: the vendor's required documents as they stood when the month ended
(valid, expiring, pending, expired, missing), its security findings still open by severity and
those past their remediation date, the security incidents open in the month with their two
notification clocks, and the month's remote-access sessions with their flags and the access log's
counts. Read through ``compliance``'s selectors; frozen into the snapshot like every section."""

import dataclasses
import datetime
from typing import Any

from compliance.breach_clocks import STATE_LABELS, Clock
from compliance.matrix import CellStatus
from compliance.models.assessments import FindingSeverity
from compliance.remote_access_rules import FLAG_LABELS
from compliance.selectors.assessments import unresolved_findings_of
from compliance.selectors.documents import document_states_at, last_day_before
from compliance.selectors.incidents import incidents_open_during
from compliance.selectors.remote_access import access_month
from reports.sections.base import ReportPeriod, instant_text, rate_text

KEY = "compliance"
TITLE = "Security and compliance"
TEMPLATE = "reports/pdf/compliance.html"
FINDING_ROWS = 20  # overdue findings listed; the total is always given
SESSION_ROWS = 30  # sessions listed, flagged ones first; the total is always given
# Worst first, the order the section counts them in.
DOCUMENT_STATES = (CellStatus.MISSING, CellStatus.EXPIRED, CellStatus.PENDING, CellStatus.EXPIRING, CellStatus.VALID)


def _documents(period: ReportPeriod) -> dict[str, Any]:
    at = period.measured_until
    [row] = document_states_at([period.vendor_id], at=at) or [None]
    cells = [cell for cell in row.cells if cell.required] if row else []
    valid = sum(1 for cell in cells if cell.status in (CellStatus.VALID, CellStatus.EXPIRING))
    return {
        "as_of": last_day_before(at).isoformat(),
        "required": len(cells),
        "valid": valid,
        "percent": rate_text(valid, len(cells)),
        "counts": {status.value: sum(1 for cell in cells if cell.status == status) for status in DOCUMENT_STATES},
        "rows": [
            {
                "type": cell.document_type.name,
                "status": cell.status.value,
                "label": cell.label,
                "until": cell.accepted_until.isoformat() if cell.accepted_until else None,
            }
            for cell in sorted(cells, key=lambda cell: DOCUMENT_STATES.index(cell.status))
        ],
    }


def _findings(period: ReportPeriod) -> dict[str, Any]:
    findings = list(unresolved_findings_of(period.vendor_id, today=period.measured_until.date()))
    overdue = [finding for finding in findings if finding.overdue]
    return {
        "by_severity": [
            {
                "severity": severity.value,
                "label": severity.label,
                "open": sum(1 for finding in findings if finding.severity == severity),
                "overdue": sum(1 for finding in overdue if finding.severity == severity),
            }
            for severity in FindingSeverity
        ],
        "open_total": len(findings),
        "overdue_total": len(overdue),
        "overdue": [
            {
                "title": finding.title,
                "assessment": finding.assessment.title,
                "severity": finding.get_severity_display(),
                "due_on": finding.due_on.isoformat(),
                "owner": finding.remediation_owner,
                "status": finding.get_status_display(),
            }
            for finding in overdue[:FINDING_ROWS]
        ],
    }


def _clock(clock: Clock, at: datetime.datetime) -> dict[str, Any]:
    """A clock as it stood at ``at``: one stopped later was still running then."""
    if clock.stopped_at is not None and clock.stopped_at > at:
        clock = dataclasses.replace(clock, stopped_at=None)
    state = clock.state(at)
    return {
        "label": clock.label,
        "state": state.value,
        "state_label": STATE_LABELS[state],
        "due_at": instant_text(clock.due_at),
        "stopped_at": instant_text(clock.stopped_at),
    }


def _incidents(period: ReportPeriod) -> list[dict[str, Any]]:
    at = period.measured_until
    return [
        {
            "title": incident.title,
            "kind": incident.get_kind_display(),
            "severity": incident.get_severity_display(),
            "status": incident.get_status_display() if not incident.closed_at or incident.closed_at <= at else "Open",
            "hospital_aware_at": instant_text(incident.hospital_aware_at),
            "clocks": [_clock(clock, at) for clock in incident.clocks],
        }
        for incident in incidents_open_during(period.vendor_id, period.start, period.end)
    ]


def _remote_access(period: ReportPeriod) -> dict[str, Any]:
    month = access_month(period.vendor_id, period.month, now=period.measured_until)
    flagged_first = sorted(month.sessions, key=lambda pair: not pair[1])
    return {
        "sessions": [
            {
                "engineer": session.engineer,
                "status": session.get_status_display(),
                "planned_start": instant_text(session.planned_start),
                "planned_end": instant_text(session.planned_end),
                "started_at": instant_text(session.started_at),
                "ended_at": instant_text(session.ended_at),
                "ticket": session.ticket_id,
                "flags": [FLAG_LABELS[flag] for flag in flags],
            }
            for session, flags in flagged_first[:SESSION_ROWS]
        ],
        "session_total": len(month.sessions),
        "flagged_total": len(month.flagged),
        "log": {name: month.totals[name] or 0 for name in ("entries", "pages", "api_calls", "downloads", "refused")},
        "people": len(month.per_user),
    }


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    return {
        "documents": _documents(period),
        "findings": _findings(period),
        "incidents": _incidents(period),
        "remote_access": _remote_access(period),
    }
