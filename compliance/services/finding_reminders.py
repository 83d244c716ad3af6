"""Daily reminders to the hospital admins of security findings nobody owns: an unresolved
finding without a remediation owner is reminded of once when found, and once more when it is
past its remediation date still without one (the action register and its reminders only reach
findings that have an owner to remind).

Each reminder has a key per finding (and due date, for the second), so a second run tells nobody
twice; naming an owner or a passed retest ends the reminders. A finding that cannot be reminded
of is reported and skipped (``core.jobs``).
"""

import datetime

from django.utils import timezone

from compliance.models import Finding
from compliance.selectors.assessments import unowned_findings
from core.jobs import JobReport, for_each_row
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notices_for, notify_bulk


def _remind_of(finding: Finding, today: datetime.date, admins: list) -> int:
    vendor = finding.assessment.vendor
    past_due = finding.due_on < today
    if past_due:
        title = f"{vendor}: finding past due without an owner: {finding.title}"
        key = f"security-finding-unowned:{finding.pk}:past-due:{finding.due_on:%Y%m%d}"
    else:
        title = f"{vendor}: finding without a remediation owner: {finding.title}"
        key = f"security-finding-unowned:{finding.pk}"
    body = (
        f"The {finding.get_severity_display().lower()} finding \u201c{finding.title}\u201d of "
        f"{finding.assessment} is due for remediation on {finding.due_on:%Y-%m-%d} and nobody is named "
        "to fix it. Agree the owner with the vendor and record it on the finding."
    )
    notices = notices_for(
        event=EventType.SECURITY_FINDING_UNOWNED,
        recipients=admins,
        title=title,
        body=body,
        url=finding.get_absolute_url(),
        level=Notification.Level.DANGER if past_due else Notification.Level.WARNING,
        dedupe_key=key,
    )
    return len(notify_bulk(notices=notices))


def unowned_finding_reminders(*, today: datetime.date | None = None) -> JobReport:
    """Remind the hospital admins of unresolved findings without a remediation owner. The
    report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    admins = list(hospital_admins())
    return for_each_row(
        unowned_findings(today=today),
        lambda finding: _remind_of(finding, today, admins),
        job="Unowned security finding reminders",
    )
