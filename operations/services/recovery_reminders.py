"""Daily reminders of backup and DR tests, through the notifications outbox: 30 and 7 days ahead,
on the day, and once a week while a test is overdue, to hospital admins and the vendor's users.

Each reminder is raised once per test, due date and day (the notification's dedupe key), so the
job may run any number of times a day; a test that cannot be reminded of is reported and skipped
(``core.jobs.for_each_row``)."""

import datetime

from django.utils import timezone

from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from operations.models import RecoveryTest
from operations.selectors.recovery import recovery_due_by

REMINDER_DAYS_AHEAD = (30, 7, 0)
OVERDUE_EVERY_DAYS = 7


def reminder_due(days_left: int) -> bool:
    """Whether a test ``days_left`` days from its due date is reminded of today."""
    if days_left < 0:
        return -days_left % OVERDUE_EVERY_DAYS == 0
    return days_left in REMINDER_DAYS_AHEAD


def _title(test: RecoveryTest, days_left: int) -> str:
    if days_left < 0:
        return f"Overdue by {-days_left} days: {test} ({test.vendor})"
    if days_left == 0:
        return f"Due today: {test} ({test.vendor})"
    return f"Due in {days_left} days: {test} ({test.vendor})"


def _remind_of(test: RecoveryTest, today: datetime.date) -> int:
    days_left = (test.next_due_on - today).days
    if not reminder_due(days_left):
        return 0
    body = (
        f"Every {test.every_months} months; targets RTO {test.rto_target_minutes} min, "
        f"RPO {test.rpo_target_minutes} min. Record the run with its result when it has taken place."
    )
    level = Notification.Level.WARNING if days_left < 0 else Notification.Level.INFO
    sent = 0
    for recipients, audience in (
        (hospital_admins(), Audience.HOSPITAL),
        (vendor_users(test.vendor_id), Audience.VENDOR),
    ):
        created = notify(
            event=EventType.RECOVERY_TEST_DUE,
            recipients=recipients,
            title=_title(test, days_left),
            body=body,
            url=object_url(test, audience=audience),
            level=level,
            dedupe_key=f"recovery:{test.pk}:{test.next_due_on:%Y%m%d}:{days_left}",
        )
        sent += len(created)
    return sent


def recovery_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Remind of every active test due within 30 days or overdue. The report's ``done`` is the
    number of notifications raised."""
    today = today or timezone.localdate()
    return for_each_row(
        recovery_due_by(today + datetime.timedelta(days=max(REMINDER_DAYS_AHEAD))),
        lambda test: _remind_of(test, today),
        job="Backup and DR test reminders",
    )
