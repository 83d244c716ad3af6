"""Whether maintenance kept to the contract, and which part of it counts as unplanned downtime.

Pure: the caller passes the window's times and the agreement's terms. Work counts as planned
(excluded from uptime) only where it was approved, announced with the contractual notice, inside
its planned times and inside the allowed weekly window; the rest of the work is unplanned.
"""

import datetime
from dataclasses import dataclass, field

from slas.clock import BusinessClock
from slas.uptime import Interval, subtract


@dataclass(frozen=True)
class MaintenanceTerms:
    notice: datetime.timedelta
    allowed: BusinessClock | None = None  # None: maintenance allowed at any time
    allowed_label: str = ""


@dataclass(frozen=True)
class MaintenancePlan:
    planned_start: datetime.datetime
    planned_end: datetime.datetime
    announced_at: datetime.datetime
    approved: bool
    cancelled: bool = False
    actual_start: datetime.datetime | None = None
    actual_end: datetime.datetime | None = None


@dataclass(frozen=True)
class MaintenanceAssessment:
    planned: list[Interval] = field(default_factory=list)  # excluded from uptime
    unplanned: list[Interval] = field(default_factory=list)  # counted as downtime
    problems: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not self.problems


def _duration_text(duration: datetime.timedelta) -> str:
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def work_interval(plan: MaintenancePlan, now: datetime.datetime) -> Interval | None:
    """When the work happened, as far as it has: recorded actual times, else (for approved
    work) the planned times; nothing for cancelled work or work not started yet."""
    if plan.cancelled:
        return None
    if plan.actual_start is not None:
        start, end = plan.actual_start, plan.actual_end or now
    elif plan.approved:
        start, end = plan.planned_start, plan.planned_end
    else:
        return None
    end = min(end, now)
    return (start, end) if end > start else None


def assess(plan: MaintenancePlan, terms: MaintenanceTerms, now: datetime.datetime) -> MaintenanceAssessment:
    problems = []
    notice_given = plan.planned_start - plan.announced_at
    if notice_given < terms.notice:
        problems.append(
            f"Announced {_duration_text(max(notice_given, datetime.timedelta(0)))} ahead; "
            f"the contract requires {_duration_text(terms.notice)}."
        )
    allowed_plan: list[Interval] = [(plan.planned_start, plan.planned_end)]
    if terms.allowed is not None:
        allowed_plan = terms.allowed.open_intervals(plan.planned_start, plan.planned_end)
        outside = subtract([(plan.planned_start, plan.planned_end)], allowed_plan)
        if outside:
            where = f" ({terms.allowed_label})" if terms.allowed_label else ""
            problems.append(
                f"{_duration_text(sum((e - s for s, e in outside), datetime.timedelta()))} "
                f"planned outside the allowed maintenance window{where}."
            )
    work = work_interval(plan, now)
    if work is None:
        return MaintenanceAssessment(problems=problems)
    if not plan.approved:
        problems.append("Carried out without the hospital's approval.")
    if plan.actual_start is not None and plan.actual_start < plan.planned_start:
        problems.append(f"Started {_duration_text(plan.planned_start - plan.actual_start)} before the planned start.")
    if work[1] > plan.planned_end:
        problems.append(f"Overran the planned end by {_duration_text(work[1] - plan.planned_end)}.")
    breaks_terms = not plan.approved or notice_given < terms.notice
    planned = [] if breaks_terms else subtract([work], subtract([work], allowed_plan))
    return MaintenanceAssessment(planned=planned, unplanned=subtract([work], planned), problems=problems)
