"""When a security finding must be fixed, by its severity: pure, no ORM."""

import datetime
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


# Days from the finding being reported to its remediation (the hospital's security policy).
REMEDIATION_DAYS = {Severity.CRITICAL: 15, Severity.HIGH: 30, Severity.MEDIUM: 90, Severity.LOW: 180}


def remediation_due(severity: str, reported_on: datetime.date) -> datetime.date:
    """The day a finding of ``severity`` reported on ``reported_on`` must be remediated by."""
    return reported_on + datetime.timedelta(days=REMEDIATION_DAYS[Severity(severity)])


def days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    """Days past the due date (0 while it is not past)."""
    return max((today - due_on).days, 0)
