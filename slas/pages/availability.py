"""One vendor's month as a page shows it (uptime against target, downtime budget, 12-month chart,
timeline of incidents and maintenance, credit statements): the hospital's vendor page and the
portal's copy of it build their context here."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core.links import audience_of, object_url
from core.months import month_start, next_month, previous_months
from slas.models import CreditStatement, Incident
from slas.selectors import availability
from slas.uptime import minutes, shown_percent
from vendors.models import Component, Vendor


def parse_month(value: str | None, *, today: datetime.date) -> datetime.date:
    """``YYYY-MM`` → its first day; this month when empty or malformed; never a future month."""
    this_month = month_start(today)
    try:
        month = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return this_month
    return min(month, this_month)


@dataclass(frozen=True)
class TimelineBar:
    """One stretch on the month's timeline, positioned in percent of the month's width."""

    left: float
    width: float
    kind: str  # "down", "degraded", "planned", "unplanned", "scheduled" (work still to come)
    label: str
    url: str


def _bar(
    start: datetime.datetime, end: datetime.datetime, period: tuple[datetime.datetime, datetime.datetime], **fields: str
) -> TimelineBar | None:
    lower, upper = period
    start, end = max(start, lower), min(end, upper)
    if end <= start:
        return None
    span = (upper - lower).total_seconds()
    left = (start - lower).total_seconds() / span * 100
    width = max((end - start).total_seconds() / span * 100, 0.4)  # a short outage stays visible
    return TimelineBar(left=round(left, 3), width=round(min(width, 100 - left), 3), **fields)


def _when(instant: datetime.datetime) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%d %H:%M}"


# The month's table lists this many incidents; the timeline shows them all.
INCIDENT_ROWS = 40


class VendorAvailabilityContext:
    """Builds the vendor page for ``self.vendor`` as ``request.user`` may see it. Incidents,
    maintenance windows and statements link to the pages where that user sees them
    (``core.links``); ``incident_list_url_name`` names the incident list of this audience."""

    request: HttpRequest
    vendor: Vendor
    incident_list_url_name = "slas:incident_list"

    def availability_context(self) -> dict[str, Any]:
        user, now = self.request.user, timezone.now()
        month = parse_month(self.request.GET.get("month"), today=timezone.localdate(now))
        components = list(Component.objects.visible_to(user).filter(vendor=self.vendor).order_by("name"))
        component = next((c for c in components if str(c.pk) == self.request.GET.get("component")), None)
        component_id = component.pk if component else None
        months = previous_months(month, 12)
        history = availability.monthly_availability(self.vendor.pk, months, component_id=component_id, now=now)
        current = history[-1]
        period = (current.start, current.end)
        incidents = self._incidents(period, component_id)
        outcomes = self._maintenance(period, component_id, now)
        return {
            "month": month,
            "previous_month": previous_months(month, 2)[0],
            "next_month": None if month >= month_start(timezone.localdate(now)) else _next(month),
            "components": components,
            "component": component,
            "current": current,
            "downtime_minutes": minutes(current.figures.downtime),
            "excluded_minutes": minutes(current.figures.excluded),
            "budget_minutes": minutes(current.budget) if current.budget is not None else None,
            "budget_remaining_minutes": minutes(current.budget_remaining) if current.budget is not None else None,
            "budget_used_percent": current.budget_used_percent,
            "history": history,
            "chart": [
                {
                    "month": f"{entry.start:%Y-%m}",
                    "uptime": float(shown_percent(entry.figures.uptime_percent, 4)),
                    "target": float(entry.target_percent) if entry.target_percent is not None else None,
                    "downtime_minutes": float(minutes(entry.figures.downtime)),
                }
                for entry in history
            ],
            "incidents": incidents[:INCIDENT_ROWS],
            "incident_count": len(incidents),
            "incident_list_url": self.incident_list_url(month),
            "maintenance": outcomes,
            "timeline": self._timeline(period, incidents, outcomes, now),
            "days": _day_ticks(period),
            "statements": CreditStatement.objects.visible_to(user).filter(vendor=self.vendor)[:12],
        }

    def incident_list_url(self, month: datetime.date) -> str:
        """All of the vendor's incidents of the month, on the incident list of this audience."""
        last_day = next_month(month) - datetime.timedelta(days=1)
        query = urlencode({"vendor": self.vendor.pk, "started_from": f"{month}", "started_to": f"{last_day}"})
        return f"{reverse(self.incident_list_url_name)}?{query}"

    def _incidents(self, period: tuple[datetime.datetime, datetime.datetime], component_id: int | None) -> list:
        start, end = period
        incidents = (
            Incident.objects.visible_to(self.request.user)
            .filter(vendor=self.vendor, started_at__lt=end)
            .exclude(ended_at__lte=start)
            .prefetch_related("components")
            .select_related("review")
            .order_by("started_at")
        )
        if component_id is not None:
            incidents = incidents.filter(components=component_id)
        incidents = list(incidents)
        audience = audience_of(self.request.user)
        for incident in incidents:  # one reverse() per incident, for its row and its bar
            incident.page_url = object_url(incident, audience=audience)
        return incidents

    def _maintenance(
        self, period: tuple[datetime.datetime, datetime.datetime], component_id: int | None, now: datetime.datetime
    ) -> list[availability.MaintenanceOutcome]:
        # The vendor was found through ``visible_to``; all of its maintenance is visible with it.
        outcomes = availability.maintenance_outcomes(self.vendor.pk, *period, now=now, component_id=component_id)
        return sorted(outcomes, key=lambda outcome: outcome.window.planned_start)

    def _timeline(
        self,
        period: tuple[datetime.datetime, datetime.datetime],
        incidents: list[Incident],
        outcomes: list[availability.MaintenanceOutcome],
        now: datetime.datetime,
    ) -> dict[str, list[TimelineBar]]:
        incident_bars, maintenance_bars = [], []
        for incident in incidents:
            end = min(incident.ended_at or now, now)
            label = (
                f"{incident.title}: {_when(incident.started_at)} to {_when(end) if incident.ended_at else 'ongoing'}"
            )
            bar = _bar(
                incident.started_at,
                end,
                period,
                kind=incident.impact,
                label=f"{incident.get_impact_display()} · {label}",
                url=incident.page_url,
            )
            if bar:
                incident_bars.append(bar)
        audience = audience_of(self.request.user)
        for outcome in outcomes:  # the windows of the maintenance table, every one drawn
            url = object_url(outcome.window, audience=audience)
            maintenance_bars += _maintenance_bars(outcome, period, url, now)
        return {"incidents": incident_bars, "maintenance": maintenance_bars}


def _maintenance_bars(
    outcome: availability.MaintenanceOutcome,
    period: tuple[datetime.datetime, datetime.datetime],
    url: str,
    now: datetime.datetime,
) -> list[TimelineBar]:
    """A window's work as it counted (planned, or counted as downtime); a window whose work has
    not begun (still to come, or rejected) by its planned times."""
    window = outcome.window
    stretches = [("planned", interval) for interval in outcome.assessment.planned]
    stretches += [("unplanned", interval) for interval in outcome.assessment.unplanned]
    if not stretches:
        stretches = [("scheduled", (window.planned_start, window.planned_end))]
    bars = []
    for kind, (start, end) in stretches:
        what = {
            "planned": "Planned maintenance",
            "unplanned": "Maintenance counted as downtime",
            "scheduled": f"Maintenance {'to come' if start > now else 'not carried out'} "
            f"({window.get_state_display().lower()})",
        }[kind]
        bar = _bar(
            start, end, period, kind=kind, label=f"{what} · {window.title}: {_when(start)} to {_when(end)}", url=url
        )
        if bar:
            bars.append(bar)
    return bars


def _next(month: datetime.date) -> datetime.date:
    return next_month(month)


def _day_ticks(period: tuple[datetime.datetime, datetime.datetime]) -> list[dict[str, Any]]:
    """Day labels for the timeline's axis (every day's start, positioned in percent)."""
    start, end = period
    span = (end - start).total_seconds()
    ticks = []
    day = timezone.localtime(start)
    while day < end:
        ticks.append({"left": round((day - start).total_seconds() / span * 100, 3), "day": day.day})
        day = timezone.make_aware(datetime.datetime.combine(day.date() + datetime.timedelta(days=1), datetime.time(0)))
    return ticks
