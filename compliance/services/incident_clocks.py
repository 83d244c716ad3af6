"""The sweep of security incidents' notification clocks (beat: every 5 minutes): a clock that
runs into its last quarter warns, a clock past its due instant without the notification is
breached; both go to the hospital admins, and the vendor's own clock to the vendor's users too.

Each warning has a key per incident, clock, state and due instant, so a second run tells nobody
twice, and a due instant that moves (a corrected awareness) warns again. An incident that cannot
be swept is reported and skipped (``core.jobs``).
"""

import datetime

from django.utils import timezone

from compliance.breach_clocks import Clock, ClockState
from compliance.models import SecurityIncident
from compliance.selectors.incidents import incidents_with_running_clocks
from compliance.services.incidents import tell_both_sides
from core.formatting import format_elapsed
from core.jobs import JobReport, for_each_row
from notifications.event_types import EventType
from notifications.models import Notification

TOLD = {ClockState.DUE_SOON, ClockState.BREACHED}


def _message(incident: SecurityIncident, clock: Clock, state: ClockState, now: datetime.datetime) -> tuple[str, str]:
    due = timezone.localtime(clock.due_at)
    remaining = clock.remaining(now) or datetime.timedelta(0)
    who = (
        f"{incident.vendor} must tell us of the incident within {clock.hours} h of noticing it"
        if clock.key == "vendor"
        else f"We must tell the supervisory authority within {clock.hours} h of our awareness"
    )
    if state == ClockState.BREACHED:
        title = f"{incident.vendor}: “{incident}”: {clock.label.lower()} is overdue"
        body = f"{who}: it was due {due:%Y-%m-%d %H:%M}, {format_elapsed(-remaining)} ago."
    else:
        title = f"{incident.vendor}: “{incident}”: {clock.label.lower()} due in {format_elapsed(remaining)}"
        body = f"{who}: due {due:%Y-%m-%d %H:%M}."
    return title, body


def _sweep_incident(incident: SecurityIncident, now: datetime.datetime) -> int:
    told = 0
    for clock in incident.clocks:
        state = clock.state(now)
        if clock.stopped_at is not None or state not in TOLD:
            continue
        title, body = _message(incident, clock, state, now)
        told += tell_both_sides(
            incident,
            event=EventType.SECURITY_CLOCK_BREACHED if state == ClockState.BREACHED else EventType.SECURITY_CLOCK_DUE,
            title=title,
            body=body,
            actor=None,
            level=Notification.Level.DANGER if state == ClockState.BREACHED else Notification.Level.WARNING,
            dedupe_key=f"security-clock:{incident.pk}:{clock.key}:{state.value}:{clock.due_at:%Y%m%d%H%M}",
            vendor_too=clock.key == "vendor",
        )
    return told


def security_clock_sweep(*, now: datetime.datetime | None = None) -> JobReport:
    """Warn of and report breached notification clocks of open incidents. The report's ``done``
    is the number of notifications raised."""
    now = now or timezone.now()
    return for_each_row(
        incidents_with_running_clocks(),
        lambda incident: _sweep_incident(incident, now),
        job="Security incident clocks",
    )
