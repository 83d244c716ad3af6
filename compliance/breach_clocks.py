"""The notification clocks of a security incident: pure, no ORM.

Two clocks run on every incident. The vendor's: from the vendor's awareness of the incident to
its telling us, within the hours of the agreement's data-protection terms. The regulator's: from
our own awareness to our telling the supervisory authority, within ``REGULATOR_HOURS`` (GDPR art.
33: 72 hours). A clock that stopped in time is met, one that stopped late or is still running past
its due instant is breached; a running clock is due soon once less than ``WARNING_FRACTION`` of
its window is left.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

REGULATOR_HOURS = 72
# A running clock warns once less than this share of its window is left (72 h: the last 18 h).
WARNING_FRACTION = 0.25


class ClockState(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due_soon"
    MET = "met"
    BREACHED = "breached"
    NO_DEADLINE = "no_deadline"  # the agreement sets no deadline: nothing to count down


STATE_LABELS = {
    ClockState.RUNNING: "Running",
    ClockState.DUE_SOON: "Due soon",
    ClockState.MET: "Met",
    ClockState.BREACHED: "Breached",
    ClockState.NO_DEADLINE: "No deadline agreed",
}
STATE_COLOURS = {
    ClockState.RUNNING: "primary",
    ClockState.DUE_SOON: "warning",
    ClockState.MET: "success",
    ClockState.BREACHED: "danger",
    ClockState.NO_DEADLINE: "secondary",
}


@dataclass(frozen=True)
class Clock:
    """One clock: when it started, how many hours it gives, and when it stopped (or ``None``)."""

    key: str  # "vendor" or "regulator"
    label: str
    started_at: datetime.datetime
    hours: int | None
    stopped_at: datetime.datetime | None = None

    @property
    def due_at(self) -> datetime.datetime | None:
        return None if self.hours is None else self.started_at + datetime.timedelta(hours=self.hours)

    @property
    def warn_at(self) -> datetime.datetime | None:
        due = self.due_at
        if due is None or self.hours is None:
            return None
        return due - datetime.timedelta(hours=self.hours * WARNING_FRACTION)

    def state(self, now: datetime.datetime) -> ClockState:
        due = self.due_at
        if due is None:
            return ClockState.NO_DEADLINE
        if self.stopped_at is not None:
            return ClockState.MET if self.stopped_at <= due else ClockState.BREACHED
        if now > due:
            return ClockState.BREACHED
        warn_at = self.warn_at
        if warn_at is not None and now >= warn_at:
            return ClockState.DUE_SOON
        return ClockState.RUNNING

    def remaining(self, now: datetime.datetime) -> datetime.timedelta | None:
        """Time left while it runs (negative once past due); ``None`` once stopped or without a deadline."""
        due = self.due_at
        if due is None or self.stopped_at is not None:
            return None
        return due - now

    def margin(self) -> datetime.timedelta | None:
        """For a stopped clock: how long before (positive) or after (negative) its due instant it stopped."""
        due = self.due_at
        if due is None or self.stopped_at is None:
            return None
        return due - self.stopped_at


def incident_clocks(
    *,
    vendor_aware_at: datetime.datetime,
    vendor_hours: int | None,
    reported_at: datetime.datetime | None,
    hospital_aware_at: datetime.datetime,
    authority_notified_at: datetime.datetime | None,
) -> tuple[Clock, Clock]:
    """The vendor's clock and the regulator's clock of one incident."""
    return (
        Clock("vendor", "Vendor tells us", vendor_aware_at, vendor_hours, reported_at),
        Clock("regulator", "We tell the authority", hospital_aware_at, REGULATOR_HOURS, authority_notified_at),
    )
