"""The QBR pack's snapshot and PDF: the three months before a quarterly business review in
figures (uptime against target, tickets by severity, SLA breaches, KPIs in red and amber), the
agenda as it was frozen when the meeting started, its notes (never the internal ones: the pack
goes to the vendor), decisions and the vendor's open actions from every source of the register.

The snapshot is read through the lower apps' selectors and frozen as JSON, as the monthly
report's is; the PDF is rendered from it alone with the monthly report's helpers (charts, the
shared PDF styles, ``rendering.render_document``)."""

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from core.months import month_bounds, month_start, previous_months
from governance.action_sources import ActionQuery, source_choices
from governance.models import Meeting, MinuteNote
from governance.selectors.actions import action_register
from governance.selectors.meetings import decision_list
from kpis.selectors.dashboard import kpi_views
from reports import charts
from reports.rendering import RenderedPdf, chart_image, render_document
from reports.sections.availability import month_figures
from reports.sections.base import decimal_text, instant_text
from reports.snapshot import snapshot_sha256
from slas.models import Metric, Severity
from slas.selectors.availability import monthly_availability
from tickets.selectors import clock_outcomes, ticket_groups

MONTHS = 3
ACTION_ROWS = 100  # open actions listed; the total is always given
METRIC_COLOURS = (charts.MEASURED, charts.MUTED, charts.REPORTED)  # response, status update, resolution
SEVERITY_COLOURS = {"P1": charts.TARGET, "P2": charts.REPORTED, "P3": charts.MEASURED, "P4": charts.MUTED}


def qbr_months(meeting: Meeting) -> list[datetime.date]:
    """The three whole months before the month the meeting is held in (hospital time)."""
    held = month_start(timezone.localdate(meeting.starts_at))
    return previous_months(held - datetime.timedelta(days=1), MONTHS)


def _tickets(vendor_id: int, month: datetime.date) -> dict[str, Any]:
    start, end = month_bounds(month)
    opened = {group.severity: group.opened for group in ticket_groups(vendor_id, start, end) if group.tier is None}
    outcomes = clock_outcomes(vendor_id, start, end)
    return {
        "month": f"{month:%Y-%m}",
        "opened": {severity: opened.get(severity, 0) for severity in Severity.values},
        "opened_total": opened.get(None, 0),
        "met": sum(o.met for o in outcomes),
        "breached": sum(o.breached for o in outcomes),
        "breached_by_metric": {
            metric: sum(o.breached for o in outcomes if o.metric == metric) for metric in Metric.values
        },
    }


def _kpis(vendor_id: int, months: list[datetime.date]) -> list[dict[str, str]]:
    last_day = month_bounds(months[-1])[1].date() - datetime.timedelta(days=1)
    views = [v for v in kpi_views(vendor_id, months[0], last_day) if v.status.level in ("breach", "warning")]
    views.sort(key=lambda view: (view.status.level != "breach", view.kpi.name))
    return [{"name": view.kpi.name, "status": view.status.text, "level": view.status.level} for view in views]


def _notes(meeting: Meeting) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for key, text in MinuteNote.objects.filter(meeting=meeting, internal=False).values_list("item_key", "text"):
        notes.setdefault(key, []).append(text)
    return notes


def _actions(vendor_id: int) -> tuple[list[dict[str, Any]], int]:
    labels = dict(source_choices())
    register = action_register(ActionQuery(user=None, unscoped=True, vendor_id=vendor_id))
    rows = [
        {
            "source": labels.get(row["r_source"], row["r_source"]),
            "description": row["r_description"],
            "owner": row["r_owner_name"] or "",
            "side": row["r_side"],
            "due_date": row["r_due_date"].isoformat() if row["r_due_date"] else None,
            "status": row["r_status"],
        }
        for row in register[:ACTION_ROWS]
    ]
    return rows, (register.count() if len(rows) == ACTION_ROWS else len(rows))


def qbr_snapshot(meeting: Meeting, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything the pack shows, as JSON. The meeting must have started (its agenda frozen)."""
    now = now or timezone.now()
    vendor = meeting.vendor
    months = qbr_months(meeting)
    uptime = [month_figures(entry) for entry in monthly_availability(vendor.pk, months, now=now)]
    actions, actions_total = _actions(vendor.pk)
    notes = _notes(meeting)
    agenda = [
        {**section, "notes": notes.get(section["key"], [])} for section in (meeting.agenda or {}).get("sections", [])
    ]
    return {
        "generated_at": instant_text(now),
        "timezone": str(timezone.get_current_timezone()),
        "vendor": {"id": vendor.pk, "name": vendor.name},
        "meeting": {
            "id": meeting.pk,
            "title": meeting.series.title,
            "kind": meeting.series.get_kind_display(),
            "starts_at": instant_text(meeting.starts_at),
            "location": meeting.series.location,
            "agenda_frozen_at": instant_text(meeting.agenda_frozen_at),
            "attendees": [
                {"name": attendance.person_name, "side": "vendor" if attendance.contact_id else "hospital"}
                for attendance in meeting.attendance.filter(present=True).select_related("user", "contact")
            ],
        },
        "months": [f"{month:%Y-%m}" for month in months],
        "uptime": uptime,
        "tickets": [_tickets(vendor.pk, month) for month in months],
        "kpis": _kpis(vendor.pk, months),
        "agenda": agenda,
        "decisions": [
            {"text": decision.text, "recorded_at": instant_text(decision.created_at)}
            for decision in decision_list().filter(meeting=meeting).order_by("created_at", "pk")
        ],
        "actions": actions,
        "actions_total": actions_total,
    }


def _uptime_chart(uptime: list[dict[str, Any]]) -> str:
    values = [float(entry["uptime_percent"]) for entry in uptime]
    targets = [float(entry["target_percent"]) for entry in uptime if entry["target_percent"] is not None]
    return charts.bar_chart(
        [entry["month"] for entry in uptime],
        [("Uptime", values, charts.MEASURED)],
        unit="%",
        title="Uptime by month against target",
        target=targets[-1] if targets else None,
        floor=max(min([*values, *targets]) - 0.2, 0),
        width=3.3,
        height=2.2,
    )


def qbr_charts(snapshot: dict[str, Any]) -> dict[str, str]:
    """The pack's charts as SVG, from the snapshot alone."""
    tickets = snapshot["tickets"]
    labels = [entry["month"] for entry in tickets]
    drawn = {}
    if snapshot["uptime"]:
        drawn["uptime"] = _uptime_chart(snapshot["uptime"])
    drawn["severity"] = charts.bar_chart(
        labels,
        [
            (severity, [entry["opened"][severity] for entry in tickets], SEVERITY_COLOURS[severity])
            for severity in Severity.values
        ],
        title="Tickets opened by severity",
        width=3.3,
        height=2.2,
        legend_below=True,
    )
    drawn["breaches"] = charts.bar_chart(
        labels,
        [
            (label, [entry["breached_by_metric"][metric] for entry in tickets], colour)
            for (metric, label), colour in zip(Metric.choices, METRIC_COLOURS, strict=True)
        ],
        title="SLA targets breached",
        width=3.3,
        height=2.2,
        legend_below=True,
    )
    return drawn


def render_qbr_html(snapshot: dict[str, Any]) -> str:
    uptime = {entry["month"]: entry for entry in snapshot["uptime"]}
    return render_to_string(
        "reports/pdf/qbr.html",
        {
            "snapshot": snapshot,
            "charts": {name: chart_image(svg) for name, svg in qbr_charts(snapshot).items()},
            "snapshot_sha256": snapshot_sha256(snapshot),
            "breaches_total": sum(entry["breached"] for entry in snapshot["tickets"]),
            "breach_rate": qbr_breach_rate(snapshot),
            "rows": [{**entry, "uptime": uptime.get(entry["month"])} for entry in snapshot["tickets"]],
            "opened_total": sum(entry["opened_total"] for entry in snapshot["tickets"]),
        },
    )


def render_qbr_pdf(snapshot: dict[str, Any]) -> RenderedPdf:
    return render_document(render_qbr_html(snapshot))


def qbr_breach_rate(snapshot: dict[str, Any]) -> str | None:
    """The share of the quarter's decided SLA clocks that were breached, in percent."""
    decided = sum(entry["met"] + entry["breached"] for entry in snapshot["tickets"])
    breached = sum(entry["breached"] for entry in snapshot["tickets"])
    return decimal_text(breached * 100 / decided, 1) if decided else None
