"""The agenda that builds itself: what the lower apps have to say about a vendor since the last
meeting, read through their selectors, as JSON-ready sections (the same shape frozen into the
meeting when it starts, so a live and a frozen agenda render alike).

Each section appears only when it has something to say. Reads are flat: each section is one to
three indexed queries whatever the vendor's history (``bench/governance_agenda.py``).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.formatting import format_elapsed, format_percent
from core.months import month_start
from governance.action_sources import ActionQuery
from governance.models import AgendaItem, Meeting
from governance.selectors.actions import action_register
from governance.selectors.reviews import reviews_due
from kpis.selectors.dashboard import kpi_views
from slas.selectors.availability import month_availability, range_availability
from slas.selectors.incidents import incident_list
from slas.selectors.maintenance import maintenance_coming
from slas.uptime import shown_percent
from tickets.selectors import clock_breaches, clock_outcomes, priority_tickets, ticket_list

ROWS = 15  # rows listed per section; the total is always given
DEFAULT_LOOKBACK = datetime.timedelta(days=30)  # "since the last meeting" for a first meeting
LEVEL = {"breach": "danger", "warning": "warning", "ok": "success", "none": "secondary"}

Section = dict[str, Any]


def _row(label: str, detail: str = "", *, level: str = "", model: str = "", pk: int | None = None) -> dict:
    return {"label": label, "detail": detail, "level": level, "model": model, "pk": pk}


def _section(key: str, title: str, *, rows: list | None = None, figures: list | None = None, total: int = 0) -> Section:
    return {"key": key, "title": title, "rows": rows or [], "figures": figures or [], "total": total}


def previous_meeting_start(meeting: Meeting) -> datetime.datetime | None:
    """When the series last met before this meeting (cancelled meetings did not meet)."""
    return (
        Meeting.objects.filter(series_id=meeting.series_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def _tickets(vendor_id: int, now: datetime.datetime) -> Section | None:
    countdowns, total = priority_tickets(ticket_list().filter(vendor_id=vendor_id), now=now, limit=ROWS)
    if not total:
        return None
    rows = [
        _row(
            str(c.ticket),
            f"{c.ticket.get_severity_display()}, {c.ticket.get_status_display().lower()}, open "
            f"{format_elapsed(now - c.ticket.opened_at)}" + (", target breached" if c.state == "breached" else ""),
            level="danger" if c.state == "breached" else ("warning" if c.ticket.severity == "P2" else "danger"),
            model="tickets.ticket",
            pk=c.ticket.pk,
        )
        for c in countdowns
    ]
    return _section("tickets", "Open P1 and P2 tickets", rows=rows, total=total)


def _breaches(vendor_id: int, since: datetime.datetime, now: datetime.datetime) -> Section | None:
    outcomes = clock_outcomes(vendor_id, since, now)
    breached = sum(o.breached for o in outcomes)
    decided = sum(o.met + o.breached for o in outcomes)
    if not decided:
        return None
    figures = []
    for metric in ("response", "resolution"):
        met = sum(o.met for o in outcomes if o.metric == metric)
        total = sum(o.met + o.breached for o in outcomes if o.metric == metric)
        if total:
            share = Decimal(met) * 100 / total
            figures.append(
                {
                    "label": f"{metric.capitalize()} targets met",
                    "value": f"{format_percent(share, 1)} ({met} of {total})",
                    "level": "success" if met == total else ("warning" if share >= 90 else "danger"),
                }
            )
    rows = [
        _row(
            f"#{b.ticket_id} {b.title}",
            f"{b.severity} {b.metric} target breached {timezone.localtime(b.breached_at):%d %b %H:%M}",
            level="danger",
            model="tickets.ticket",
            pk=b.ticket_id,
        )
        for b in clock_breaches(vendor_id, since, now, limit=ROWS)
    ]
    return _section(
        "compliance", "SLA compliance and breaches since the last meeting", rows=rows, figures=figures, total=breached
    )


def _uptime_figure(label: str, percent: Decimal, target: Decimal | None) -> dict:
    level = "secondary" if target is None else ("success" if percent >= target else "danger")
    against = f" (target {format_percent(target)})" if target is not None else " (no SLA target)"
    return {"label": label, "value": f"{shown_percent(percent)} %{against}", "level": level}


def _availability(vendor_id: int, since: datetime.datetime, now: datetime.datetime) -> Section | None:
    month = month_availability(vendor_id, month_start(timezone.localdate(now)), now=now)
    period = range_availability(vendor_id, since, now, now=now)
    if month.agreement is None and not period.figures.outages:
        return None
    figures = [
        _uptime_figure("Uptime since the last meeting", period.figures.uptime_percent, period.target_percent),
        _uptime_figure("Uptime this month", month.figures.uptime_percent, month.target_percent),
    ]
    if month.budget is not None:
        left = month.budget_remaining
        figures.append(
            {
                "label": "Downtime budget left this month",
                "value": f"{format_elapsed(left)} of {format_elapsed(month.budget)}"
                + (f", overrun by {format_elapsed(month.budget_overrun)}" if month.budget_overrun else ""),
                "level": "danger"
                if month.budget_overrun
                else ("warning" if (month.budget_used_percent or 0) >= 75 else "success"),
            }
        )
    return _section("availability", "Uptime against target", figures=figures)


def _kpis(vendor_id: int, since: datetime.datetime, now: datetime.datetime) -> Section | None:
    views = [
        v
        for v in kpi_views(vendor_id, timezone.localdate(since), timezone.localdate(now))
        if v.status.level in ("breach", "warning")
    ]
    if not views:
        return None
    rows = [_row(view.kpi.name, view.status.text, level=LEVEL[view.status.level]) for view in views[:ROWS]]
    return _section("kpis", "KPIs in red and amber", rows=rows, total=len(views))


def _incidents(vendor_id: int, since: datetime.datetime) -> Section | None:
    incidents = incident_list().filter(Q(ended_at__isnull=True) | Q(started_at__gte=since), vendor_id=vendor_id)
    rows = []
    for incident in incidents.order_by("-started_at")[:ROWS]:
        review = getattr(incident, "review", None)
        state = "ongoing" if incident.is_open else f"lasted {format_elapsed(incident.duration)}"
        review_text = f"review {review.get_status_display().lower()}" if review else "no review yet"
        rows.append(
            _row(
                str(incident),
                f"{incident.get_impact_display()}, {state}, {review_text}",
                level="danger"
                if incident.is_open
                else ("success" if review and review.status == "completed" else "warning"),
                model="slas.incident",
                pk=incident.pk,
            )
        )
    if not rows:
        return None
    return _section("incidents", "Incidents and their reviews", rows=rows, total=incidents.count())


def _maintenance(vendor_id: int, now: datetime.datetime, days: int) -> Section | None:
    windows = maintenance_coming(now=now, days=days).filter(vendor_id=vendor_id)[:ROWS]
    rows = [
        _row(
            window.title,
            f"{timezone.localtime(window.planned_start):%a %d %b %H:%M} to "
            f"{timezone.localtime(window.planned_end):%H:%M}, {window.get_state_display().lower()}",
            level="info" if window.state == "approved" else "warning",
            model="slas.maintenancewindow",
            pk=window.pk,
        )
        for window in windows
    ]
    if not rows:
        return None
    return _section("maintenance", "Maintenance coming", rows=rows, total=len(rows))


def _actions(vendor_id: int, due_by: datetime.date, today: datetime.date) -> Section | None:
    query = ActionQuery(user=None, unscoped=True, vendor_id=vendor_id, due_by=due_by)
    register = action_register(query)
    found = list(register[:ROWS])
    if not found:
        return None
    rows = []
    for action in found:
        overdue = action["r_due_date"] < today
        rows.append(
            _row(
                action["r_description"],
                f"{action['r_owner_name'] or 'no owner'} ({action['r_side'] or 'side not stated'}), due "
                f"{action['r_due_date']:%d %b %Y}" + (", overdue" if overdue else ""),
                level="danger" if overdue else "warning",
                model=action["r_parent_model"],
                pk=action["r_parent_id"],
            )
        )
    return _section("actions", "Open actions due or overdue", rows=rows, total=register.count())


def _reviews(vendor_id: int, today: datetime.date) -> Section | None:
    """The vendor's SLA annual reviews due within 60 days or overdue."""
    rows = []
    for review in reviews_due(today=today).filter(vendor_id=vendor_id)[:ROWS]:
        days = (review.due_on - today).days
        rows.append(
            _row(
                f"Annual review of {review.agreement}",
                f"due {review.due_on:%d %b %Y}" + (f", overdue by {-days} days" if days < 0 else f", in {days} days"),
                level="danger" if days < 0 else "warning",
                model="governance.slareview",
                pk=review.pk,
            )
        )
    if not rows:
        return None
    return _section("sla_reviews", "SLA annual reviews due", rows=rows, total=len(rows))


def _manual(meeting: Meeting) -> list[Section]:
    items = AgendaItem.objects.filter(meeting=meeting).select_related("added_by__vendor")
    sections = []
    for item in items:
        by = item.added_by
        who = f"added by {by.vendor}" if by and by.vendor_id else "added by the hospital"
        sections.append(_section(f"item-{item.pk}", item.title, rows=[_row(item.detail or "", who)]))
    return sections


def agenda_build(meeting: Meeting, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The meeting's agenda from the data as it is ``now``: the vendor's figures since the
    previous meeting of the series (or the last 30 days), what is due before the meeting after,
    and the items added by hand."""
    now = now or timezone.now()
    since = min(
        previous_meeting_start(meeting) or meeting.starts_at - DEFAULT_LOOKBACK, now - datetime.timedelta(hours=1)
    )
    vendor_id = meeting.vendor_id
    horizon = max(meeting.starts_at, now) + datetime.timedelta(days=14)
    today = timezone.localdate(now)
    sections = [
        _tickets(vendor_id, now),
        _breaches(vendor_id, since, now),
        _availability(vendor_id, since, now),
        _kpis(vendor_id, since, now),
        _incidents(vendor_id, since),
        _maintenance(vendor_id, now, days=(horizon - now).days + 1),
        _actions(vendor_id, timezone.localdate(horizon), today),
        _reviews(vendor_id, today),
    ]
    return {
        "built_at": now.isoformat(),
        "since": since.isoformat(),
        "sections": [section for section in sections if section] + _manual(meeting),
    }


def agenda_of(meeting: Meeting, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """What the meeting page shows: the frozen agenda once the meeting started, else a live one."""
    return meeting.agenda if meeting.is_frozen else agenda_build(meeting, now=now)


def agenda_keys(agenda: dict[str, Any]) -> list[tuple[str, str]]:
    return [(section["key"], section["title"]) for section in agenda["sections"]]
