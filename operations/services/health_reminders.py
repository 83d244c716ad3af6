"""Daily reminders of health assessments, through the notifications outbox: 30 and 7 days ahead,
on the day, and once a week while one is overdue (the days of ``recovery_reminders``), to
hospital admins and the vendor's users, whose engineer records it.

Each reminder is raised once per schedule, due date and day (the notification's dedupe key), so
the job may run any number of times a day; a schedule that cannot be reminded of is reported and
skipped (``core.jobs.for_each_row``)."""

import datetime

from django.utils import timezone

from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from operations.models import HealthAssessment
from operations.selectors.health import assessments_due_by
from operations.services.recovery_reminders import REMINDER_DAYS_AHEAD, reminder_due


def _title(assessment: HealthAssessment, days_left: int) -> str:
    if days_left < 0:
        return f"Health assessment overdue by {-days_left} days: {assessment} ({assessment.vendor})"
    if days_left == 0:
        return f"Health assessment due today: {assessment} ({assessment.vendor})"
    return f"Health assessment due in {days_left} days: {assessment} ({assessment.vendor})"


def _remind_of(assessment: HealthAssessment, today: datetime.date) -> int:
    days_left = (assessment.next_due_on - today).days
    if not reminder_due(days_left):
        return 0
    checks = len(assessment.template.check_list)
    body = (
        f"Every {assessment.every_months} months, {checks} check{'s' if checks != 1 else ''}. The vendor's engineer "
        "records the result of each check and the findings when the assessment has been done."
    )
    level = Notification.Level.WARNING if days_left < 0 else Notification.Level.INFO
    sent = 0
    for recipients, audience in (
        (hospital_admins(), Audience.HOSPITAL),
        (vendor_users(assessment.vendor_id), Audience.VENDOR),
    ):
        created = notify(
            event=EventType.HEALTH_ASSESSMENT_DUE,
            recipients=recipients,
            title=_title(assessment, days_left),
            body=body,
            url=object_url(assessment, audience=audience),
            level=level,
            dedupe_key=f"health:{assessment.pk}:{assessment.next_due_on:%Y%m%d}:{days_left}",
        )
        sent += len(created)
    return sent


def health_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Remind of every active assessment due within 30 days or overdue. The report's ``done`` is
    the number of notifications raised."""
    today = today or timezone.localdate()
    return for_each_row(
        assessments_due_by(today + datetime.timedelta(days=max(REMINDER_DAYS_AHEAD))),
        lambda assessment: _remind_of(assessment, today),
        job="Health assessment reminders",
    )
