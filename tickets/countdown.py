"""Where a ticket stands against its SLA at a given instant, for lists that show a countdown:
its most pressing clock and the time to its due instant, since its breach or left while paused.
Pure: reads the clocks already loaded with the ticket (``tickets.selectors.ticket_list``)."""

import datetime
from dataclasses import dataclass

from tickets.models import SlaClock, Ticket

AT_RISK_PERCENT = 75  # a running clock is at risk with under a quarter of its target left


@dataclass(frozen=True)
class Countdown:
    """A ticket against its SLA at ``now``, by its most pressing clock: a breached one, else
    the running one due first (overdue when the sweep has not marked it yet), else a paused one."""

    ticket: Ticket
    clock: SlaClock | None
    now: datetime.datetime

    @property
    def state(self) -> str:
        """One of breached, at_risk (under a quarter of the target left), running, paused, none."""
        clock = self.clock
        if clock is None:
            return "none"
        if clock.state == SlaClock.State.BREACHED or (
            clock.state == SlaClock.State.RUNNING and clock.due_at <= self.now
        ):
            return "breached"
        if clock.state == SlaClock.State.PAUSED:
            return "paused"
        left = datetime.timedelta(seconds=clock.target_seconds * (100 - AT_RISK_PERCENT) / 100)
        return "at_risk" if clock.due_at - left <= self.now else "running"

    @property
    def due_in(self) -> datetime.timedelta | None:
        """Wall-clock time to the running clock's due instant."""
        return self.clock.due_at - self.now if self.state in ("at_risk", "running") else None

    @property
    def overdue_by(self) -> datetime.timedelta | None:
        if self.state != "breached":
            return None
        return self.now - (self.clock.breached_at or self.clock.due_at)

    @property
    def budget_left(self) -> datetime.timedelta | None:
        """Business time left on a paused clock."""
        if self.state != "paused":
            return None
        return datetime.timedelta(seconds=max(self.clock.target_seconds - self.clock.consumed_seconds, 0))


def countdown(ticket: Ticket, now: datetime.datetime) -> Countdown:
    """The ticket's countdown from its prefetched clocks (``ticket_list``)."""
    clocks = list(ticket.clocks.all())
    breached = [c for c in clocks if c.state == SlaClock.State.BREACHED]
    running = [c for c in clocks if c.state == SlaClock.State.RUNNING and c.due_at is not None]
    paused = [c for c in clocks if c.state == SlaClock.State.PAUSED]
    clock = (
        min(breached, key=lambda c: c.breached_at or now, default=None)
        or min(running, key=lambda c: c.due_at, default=None)
        or next(iter(paused), None)
    )
    return Countdown(ticket, clock, now)
