"""Maintenance windows as an iCalendar feed (RFC 5545) that Outlook, Google Calendar or any
calendar application can subscribe to. Escaping, line folding and UTC times are left to the
``icalendar`` package."""

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from core.ical import site_host
from slas.models import MaintenanceWindow

if TYPE_CHECKING:
    from icalendar import Event

State = MaintenanceWindow.State
STATUS = {State.PROPOSED: "TENTATIVE", State.APPROVED: "CONFIRMED", State.CANCELLED: "CANCELLED"}
PRODID = "-//PACS Vendor Desk//Maintenance windows//EN"
# Subscribers are asked to look again hourly (Outlook and Apple Calendar honour these).
REFRESH = datetime.timedelta(hours=1)


def event_uid(window: MaintenanceWindow) -> str:
    """Stable for the life of the window, so a changed or cancelled window updates its event."""
    return f"maintenance-{window.pk}@{site_host()}"


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.UTC)


def _components_text(window: MaintenanceWindow) -> str:
    names = [str(component) for component in window.components.all()]
    return ", ".join(names) if names else f"all components of {window.vendor}"


def _event(window: MaintenanceWindow, stamp: datetime.datetime, detail_url: str) -> "Event":
    from icalendar import Event  # icalendar loads ~80 modules: only when a feed is built

    event = Event()
    event.add("uid", event_uid(window))
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(window.planned_start))
    event.add("dtend", _utc(window.planned_end))
    event.add("last-modified", _utc(window.updated_at))
    event.add("summary", f"{window.vendor}: {window.title} ({window.get_state_display().lower()})")
    lines = [f"Components: {_components_text(window)}", f"State: {window.get_state_display()}"]
    if window.description:
        lines += ["", window.description]
    lines += ["", detail_url]
    event.add("description", "\n".join(lines))
    event.add("status", STATUS[window.state])
    event.add("transp", "OPAQUE")
    event.add("url", detail_url)
    return event


def maintenance_calendar(
    windows: Iterable[MaintenanceWindow], *, name: str, detail_url: Callable[[MaintenanceWindow], str]
) -> bytes:
    """The windows as one VCALENDAR; ``detail_url`` gives each event's link to its page."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", REFRESH)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    stamp = _utc(timezone.now())
    for window in windows:
        calendar.add_component(_event(window, stamp, detail_url(window)))
    return calendar.to_ical()
