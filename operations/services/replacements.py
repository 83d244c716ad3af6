"""Daily reminders before a component's warranty ends and before its vendor's support ends,
through the notifications outbox (hospital admins, as their preferences say).

Each reminder is raised once per component, date and lead time (the notification's dedupe key),
so the job may run any number of times a day. A component that cannot be reminded of is
reported and skipped (``core.jobs.for_each_row``); the others still are."""

import datetime

from django.utils import timezone

from accounts.models import User
from core.jobs import JobReport, for_each_row
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from operations.models import ComponentLifecycle
from operations.selectors.replacements import lifecycle_dates_within

# Reminders go out this many days ahead of each date (and on the day itself).
REMINDER_DAYS_AHEAD = (90, 30, 7, 1, 0)


def _due(lifecycle: ComponentLifecycle, today: datetime.date) -> list[tuple[str, str, datetime.date, int]]:
    found = []
    for kind, day, what in (
        ("warranty", lifecycle.warranty_ends_on, "warranty"),
        ("support", lifecycle.support_ends_on, "vendor support"),
    ):
        if day is None:
            continue
        days_left = (day - today).days
        if days_left in REMINDER_DAYS_AHEAD:
            found.append((kind, what, day, days_left))
    return found


def _when(day: datetime.date, days_left: int) -> str:
    if days_left == 0:
        return "today"
    return f"in {days_left} day{'s' if days_left != 1 else ''} ({day:%Y-%m-%d})"


def _remind_of(lifecycle: ComponentLifecycle, today: datetime.date, admins: list[User]) -> int:
    component = lifecycle.component
    sent = 0
    for kind, what, day, days_left in _due(lifecycle, today):
        if lifecycle.replacement_planned_on:
            plan = f"Its replacement is planned for {lifecycle.replacement_planned_on:%Y-%m-%d}."
        else:
            plan = "No replacement is planned yet."
        created = notify(
            event=EventType.LIFECYCLE_DATE,
            recipients=admins,
            title=f"{component.vendor}: {what} of {component} ends {_when(day, days_left)}",
            body=f"{component} ({component.vendor}) runs {lifecycle.software_version or 'an unrecorded version'}. "
            f"{plan}",
            url=lifecycle.get_absolute_url(),
            level=Notification.Level.WARNING if kind == "support" else Notification.Level.INFO,
            dedupe_key=f"lifecycle:{component.pk}:{kind}:{day:%Y%m%d}:{days_left}",
        )
        sent += len(created)
    return sent


def lifecycle_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Notify hospital admins ahead of each component's warranty end and end of support. The
    report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    admins = list(hospital_admins())
    return for_each_row(
        lifecycle_dates_within(today=today, within_days=max(REMINDER_DAYS_AHEAD)),
        lambda lifecycle: _remind_of(lifecycle, today, admins),
        job="Lifecycle reminders",
    )
