"""A ticket's countdown: which clock decides, and what it says at a given instant; which tickets
are at risk."""

import datetime

import pytest
from django.utils import timezone

from tickets.countdown import Countdown, countdown
from tickets.models import SlaClock, Ticket
from tickets.selectors import ticket_list, with_sla_state
from tickets.tests.factories import open_ticket

NOW = datetime.datetime(2026, 12, 9, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def _clock(metric: str, state: str, *, due_in: datetime.timedelta | None = None, **fields: object) -> SlaClock:
    return SlaClock(
        metric=metric,
        state=state,
        target_seconds=fields.pop("target_seconds", 4 * 3600),
        due_at=NOW + due_in if due_in is not None else None,
        **fields,
    )


def _ticket(*clocks: SlaClock) -> Ticket:
    ticket = Ticket(pk=1, severity="P2", title="Slow viewer")
    # As ticket_list() leaves it: the clocks prefetched.
    ticket._prefetched_objects_cache = {"clocks": _Prefetched(clocks)}
    return ticket


class _Prefetched(list):
    def all(self) -> list:
        return self


def test_a_breached_clock_decides_over_a_running_one() -> None:
    breached = _clock("response", SlaClock.State.BREACHED, due_in=-HOUR, breached_at=NOW - HOUR)
    running = _clock("resolution", SlaClock.State.RUNNING, due_in=3 * HOUR)
    result = countdown(_ticket(running, breached), NOW)
    assert result.clock is breached
    assert result.state == "breached"
    assert result.overdue_by == HOUR
    assert result.due_in is None


def test_the_running_clock_due_first_decides() -> None:
    later = _clock("resolution", SlaClock.State.RUNNING, due_in=3 * HOUR)
    sooner = _clock("update", SlaClock.State.RUNNING, due_in=2 * HOUR)
    result = countdown(_ticket(later, sooner), NOW)
    assert result.clock is sooner
    assert result.state == "running"
    assert result.due_in == 2 * HOUR


def test_under_a_quarter_of_the_target_left_is_at_risk() -> None:
    # A 4-hour target: at risk from one hour before it is due.
    assert countdown(_ticket(_clock("response", SlaClock.State.RUNNING, due_in=HOUR)), NOW).state == "at_risk"
    safe = _clock("response", SlaClock.State.RUNNING, due_in=HOUR + datetime.timedelta(minutes=1))
    assert countdown(_ticket(safe), NOW).state == "running"


def test_a_running_clock_past_due_is_breached_before_the_sweep_marks_it() -> None:
    late = _clock("response", SlaClock.State.RUNNING, due_in=-datetime.timedelta(minutes=5))
    result = countdown(_ticket(late), NOW)
    assert result.state == "breached"
    assert result.overdue_by == datetime.timedelta(minutes=5)


def test_a_paused_clock_tells_the_business_time_left() -> None:
    paused = _clock("resolution", SlaClock.State.PAUSED, consumed_seconds=3600.0)
    result = countdown(_ticket(paused, _clock("response", SlaClock.State.MET, met_at=NOW - HOUR)), NOW)
    assert result.clock is paused
    assert result.state == "paused"
    assert result.budget_left == 3 * HOUR


def test_a_ticket_without_open_clocks_has_no_countdown() -> None:
    result = countdown(_ticket(_clock("response", SlaClock.State.MET, met_at=NOW - HOUR)), NOW)
    assert result == Countdown(result.ticket, None, NOW)
    assert result.state == "none"


@pytest.mark.django_db
def test_at_risk_tickets_are_found_whatever_their_targets(vendor) -> None:
    """The read looks only at clocks due before now plus a quarter of the longest running target:
    a clock with a long target is found though it is due long after short ones."""
    now = timezone.now()
    cases = {  # title: (target, due in), at risk under a quarter of the target left
        "short, at risk": (4 * HOUR, datetime.timedelta(minutes=50)),
        "long, at risk": (100 * HOUR, 20 * HOUR),
        "short, on track": (HOUR, datetime.timedelta(minutes=30)),
        "long, on track": (100 * HOUR, 30 * HOUR),
    }
    for title, (target, due_in) in cases.items():
        ticket = open_ticket(vendor, title=title)
        ticket.clocks.update(target_seconds=int(target.total_seconds()), due_at=now + due_in)
    at_risk = with_sla_state(ticket_list(), "at_risk")
    assert sorted(ticket.title for ticket in at_risk) == ["long, at risk", "short, at risk"]
    on_track = with_sla_state(ticket_list(), "on_track")
    assert sorted(ticket.title for ticket in on_track) == ["long, on track", "short, on track"]
