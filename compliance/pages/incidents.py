"""What a security incident's page shows, for the hospital UI and the portal alike: its two
notification clocks, its timeline, and the forms of the steps the signed-in user may take; and
the handling of those steps' POSTs (``run_incident_action``), so both sides share them."""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from compliance.breach_clocks import STATE_COLOURS, STATE_LABELS, Clock, ClockState
from compliance.forms.incidents import (
    IncidentCloseForm,
    IncidentNotifiedForm,
    IncidentStatusUpdateForm,
    IncidentUpdateForm,
)
from compliance.models import SecurityIncident
from compliance.selectors.incidents import incident_timeline
from compliance.services.incidents import incident_close, incident_notification_record, incident_update_post
from core.forms import add_service_errors
from core.permissions import can

SEVERITY_COLOURS = {"critical": "danger", "high": "warning", "medium": "info", "low": "secondary"}
STATUS_BADGES = {"suspected": "text-bg-warning", "confirmed": "text-bg-danger", "closed": "text-bg-success"}
ACTIONS = ("update", "notified-vendor", "notified-authority", "close")


@dataclass
class ClockRow:
    clock: Clock
    state: ClockState
    label: str
    colour: str
    remaining: datetime.timedelta | None
    overdue: datetime.timedelta | None
    margin: datetime.timedelta | None
    action: str  # the step that stops it (``ACTIONS``)
    notified_form: IncidentNotifiedForm | None  # its form, for those who may take it


def clock_rows(incident: SecurityIncident, *, now: datetime.datetime) -> list[ClockRow]:
    rows = []
    for clock, action in zip(incident.clocks, ("notified-vendor", "notified-authority"), strict=True):
        state = clock.state(now)
        remaining = clock.remaining(now)
        rows.append(
            ClockRow(
                clock=clock,
                state=state,
                label=STATE_LABELS[state],
                colour=STATE_COLOURS[state],
                remaining=remaining if remaining is not None and remaining >= datetime.timedelta(0) else None,
                overdue=-remaining if remaining is not None and remaining < datetime.timedelta(0) else None,
                margin=clock.margin(),
                action=action,
                notified_form=None,
            )
        )
    return rows


def incident_context(
    incident: SecurityIncident, *, user: User, now: datetime.datetime, invalid: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """The incident, its clocks, its timeline and the forms offered. ``invalid`` maps an action
    (``ACTIONS``) to its bound form that failed, shown again with its errors."""
    invalid = invalid or {}
    is_open = not incident.is_closed
    manage = is_open and can(user, "compliance.incident_manage", incident)
    rows = clock_rows(incident, now=now)
    if manage:
        for row in rows:
            if row.clock.stopped_at is None:
                row.notified_form = invalid.get(row.action) or IncidentNotifiedForm(
                    initial={"at": timezone.localtime(now).replace(second=0, microsecond=0)}
                )
    update_form = None
    if is_open and can(user, "compliance.incident_update", incident):
        update_class = IncidentStatusUpdateForm if manage else IncidentUpdateForm
        update_form = invalid.get("update") or update_class()
    return {
        "incident": incident,
        "severity_colour": SEVERITY_COLOURS[incident.severity],
        "status_badge": STATUS_BADGES[incident.status],
        "clock_rows": rows,
        "timeline": incident_timeline(incident, user=user),
        "update_form": update_form,
        "close_form": (invalid.get("close") or IncidentCloseForm()) if manage else None,
    }


def run_incident_action(
    incident: SecurityIncident, action: str, data: Any, *, user: User
) -> tuple[str, forms.Form | None]:
    """Take one step posted from the incident's page: ``(message, None)`` when done, or
    ``("", form)`` with the bound form and its errors. The services check who may."""
    if action == "update":
        manage = can(user, "compliance.incident_manage", incident)
        form: forms.Form = (IncidentStatusUpdateForm if manage else IncidentUpdateForm)(data)
    elif action in ("notified-vendor", "notified-authority"):
        form = IncidentNotifiedForm(data)
    elif action == "close":
        form = IncidentCloseForm(data)
    else:
        raise ValueError(action)
    if not form.is_valid():
        return "", form
    values = form.cleaned_data
    try:
        if action == "update":
            incident_update_post(incident=incident, body=values["body"], status=values.get("status", ""), actor=user)
            message = "Update posted."
        elif action == "close":
            incident_close(
                incident=incident,
                root_cause=values["root_cause"],
                lessons_learned=values["lessons_learned"],
                actor=user,
            )
            message = "Incident closed."
        else:
            which = action.removeprefix("notified-")
            incident_notification_record(
                incident=incident, which=which, at=values["at"], reference=values["reference"], actor=user
            )
            message = "Notification recorded: its clock is stopped."
    except ValidationError as error:
        add_service_errors(form, error)
        return "", form
    return message, None
