"""SLA clocks of a ticket: start, pause, resume, meet, retarget; and their action queue.

Rules (DESIGN.md, "Time and SLA clocks"):
- a clock runs under the agreement version and target it started with;
- pausing adds the business time since the last resume to ``consumed_seconds``; resuming sets
  ``due_at`` = now + (target - consumed) in business time, never "old due + pause length";
- a severity change keeps the time consumed and recomputes due instant and actions;
- met and breached outcomes are frozen;
- actions (one per clock and threshold, the breach at 100 % always among them) are due at the
  instant the clock reaches that share of its target; a paused clock's actions are not due.
"""

import datetime
import math

from slas.clock import BusinessClock
from slas.models import AgreementTarget, EscalationRule
from slas.selectors.calendars import calendar_clock, current_calendar_clock
from tickets.models import ClockAction, SlaClock

BREACH_PERCENT = 100


def _business_clock(clock: SlaClock) -> BusinessClock:
    return calendar_clock(clock.calendar)


def _seconds(value: datetime.timedelta) -> float:
    return value.total_seconds()


def consumed_until(clock: SlaClock, at: datetime.datetime) -> float:
    """Business seconds the clock has consumed by ``at`` (live while it runs)."""
    if clock.state != SlaClock.State.RUNNING or clock.last_resumed_at is None:
        return clock.consumed_seconds
    running = _business_clock(clock).between(clock.last_resumed_at, at)
    return clock.consumed_seconds + _seconds(running)


def _due_after(clock: SlaClock, at: datetime.datetime, business_seconds: float) -> datetime.datetime:
    remaining = datetime.timedelta(seconds=max(business_seconds, 0))
    return _business_clock(clock).add(at, remaining)


def _thresholds(clock: SlaClock, rules: list[EscalationRule]) -> dict[int, EscalationRule | None]:
    thresholds: dict[int, EscalationRule | None] = {rule.threshold_percent: rule for rule in rules}
    thresholds.setdefault(BREACH_PERCENT, None)
    return thresholds


def schedule_actions(clock: SlaClock, at: datetime.datetime) -> None:
    """(Re)compute ``fire_at`` of the clock's unfired actions from the budget consumed by ``at``;
    a clock that is not running has no due actions."""
    actions = list(clock.actions.filter(fired_at__isnull=True))
    for action in actions:
        if clock.state != SlaClock.State.RUNNING:
            action.fire_at = None
            continue
        budget = clock.target_seconds * action.threshold_percent / 100
        action.fire_at = _due_after(clock, at, budget - clock.consumed_seconds)
    ClockAction.objects.bulk_update(actions, ["fire_at"])


def clock_start(
    *,
    ticket: object,
    metric: str,
    target: AgreementTarget,
    rules: list[EscalationRule],
    at: datetime.datetime,
) -> SlaClock | None:
    """Start (or restart, for status updates) the clock of ``metric``; None when the target
    has no duration for it."""
    duration = target.duration_for(metric)
    if duration is None:
        return None
    clock, _ = SlaClock.objects.update_or_create(
        ticket=ticket,
        metric=metric,
        defaults={
            "agreement_id": target.agreement_id,
            "calendar_id": target.calendar_id,
            "target_seconds": math.ceil(_seconds(duration)),
            "state": SlaClock.State.RUNNING,
            "started_at": at,
            "last_resumed_at": at,
            "consumed_seconds": 0,
            "met_at": None,
            "breached_at": None,
        },
    )
    clock.due_at = _due_after(clock, at, clock.target_seconds)
    clock.save(update_fields=["due_at"])
    clock.actions.all().delete()
    ClockAction.objects.bulk_create(
        ClockAction(clock=clock, rule=rule, threshold_percent=percent)
        for percent, rule in _thresholds(clock, [r for r in rules if r.metric == metric]).items()
    )
    schedule_actions(clock, at)
    return clock


def clocks_open(
    *,
    ticket: object,
    metrics: tuple[str, ...],
    target: AgreementTarget,
    rules: tuple[EscalationRule, ...],
    at: datetime.datetime,
) -> list[SlaClock]:
    """The clocks of a new ticket and their actions, computed in memory and inserted set-wise."""
    business = current_calendar_clock(target.calendar_id)  # the cached policy's calendar may be stale
    clocks, plans = [], []
    for metric in metrics:
        duration = target.duration_for(metric)
        if duration is None:
            continue
        seconds = math.ceil(_seconds(duration))
        clock = SlaClock(
            ticket=ticket,
            metric=metric,
            agreement_id=target.agreement_id,
            calendar_id=target.calendar_id,
            target_seconds=seconds,
            state=SlaClock.State.RUNNING,
            started_at=at,
            last_resumed_at=at,
            consumed_seconds=0,
            due_at=business.add(at, datetime.timedelta(seconds=seconds)),
        )
        clocks.append(clock)
        plans.append(_thresholds(clock, [rule for rule in rules if rule.metric == metric]))
    SlaClock.objects.bulk_create(clocks)
    ClockAction.objects.bulk_create(
        ClockAction(
            clock=clock,
            rule=rule,
            threshold_percent=percent,
            fire_at=business.add(at, datetime.timedelta(seconds=clock.target_seconds * percent / 100)),
        )
        for clock, plan in zip(clocks, plans, strict=True)
        for percent, rule in plan.items()
    )
    return clocks


def clock_pause(clock: SlaClock, at: datetime.datetime) -> None:
    if clock.state != SlaClock.State.RUNNING:
        return
    clock.consumed_seconds = consumed_until(clock, at)
    clock.state = SlaClock.State.PAUSED
    clock.last_resumed_at = None
    clock.due_at = None
    clock.save(update_fields=["consumed_seconds", "state", "last_resumed_at", "due_at"])
    schedule_actions(clock, at)


def clock_resume(clock: SlaClock, at: datetime.datetime) -> None:
    if clock.state != SlaClock.State.PAUSED:
        return
    clock.state = SlaClock.State.RUNNING
    clock.last_resumed_at = at
    clock.due_at = _due_after(clock, at, clock.target_seconds - clock.consumed_seconds)
    clock.save(update_fields=["state", "last_resumed_at", "due_at"])
    schedule_actions(clock, at)


def clock_stop(clock: SlaClock, at: datetime.datetime) -> str:
    """Freeze the outcome at ``at``: met if the target was not exceeded, else breached."""
    if clock.state in (SlaClock.State.MET, SlaClock.State.BREACHED):
        return clock.state
    clock.consumed_seconds = consumed_until(clock, at)
    if clock.consumed_seconds <= clock.target_seconds:
        clock.state, clock.met_at = SlaClock.State.MET, at
    else:
        clock.state = SlaClock.State.BREACHED
        clock.breached_at = clock.due_at or at
    clock.last_resumed_at = None
    clock.save(update_fields=["consumed_seconds", "state", "met_at", "breached_at", "last_resumed_at"])
    schedule_actions(clock, at)
    return clock.state


def clock_reopen(clock: SlaClock, at: datetime.datetime) -> None:
    """A reopened ticket's resolution clock runs on from the time it had consumed."""
    if clock.state != SlaClock.State.MET:
        return  # a breach stays a breach
    clock.state, clock.met_at = SlaClock.State.PAUSED, None
    clock.save(update_fields=["state", "met_at"])
    clock_resume(clock, at)


def clock_retarget(
    clock: SlaClock, target: AgreementTarget, rules: list[EscalationRule], at: datetime.datetime
) -> None:
    """A new severity: same consumed business time, the new target and calendar."""
    if clock.state in (SlaClock.State.MET, SlaClock.State.BREACHED):
        return
    duration = target.duration_for(clock.metric)
    clock.consumed_seconds = consumed_until(clock, at)
    if duration is None:
        clock.delete()
        return
    clock.target_seconds = math.ceil(_seconds(duration))
    clock.calendar_id = target.calendar_id
    if clock.state == SlaClock.State.RUNNING:
        clock.last_resumed_at = at
        clock.due_at = _due_after(clock, at, clock.target_seconds - clock.consumed_seconds)
    clock.save(update_fields=["consumed_seconds", "target_seconds", "calendar_id", "last_resumed_at", "due_at"])
    clock.actions.filter(fired_at__isnull=True).delete()
    fired = set(clock.actions.values_list("threshold_percent", flat=True))
    ClockAction.objects.bulk_create(
        ClockAction(clock=clock, rule=rule, threshold_percent=percent)
        for percent, rule in _thresholds(clock, [r for r in rules if r.metric == clock.metric]).items()
        if percent not in fired
    )
    schedule_actions(clock, at)
