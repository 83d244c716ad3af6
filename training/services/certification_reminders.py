"""Daily reminders before a certification runs out: to the hospital admins, and to the holder
(in the app when their staff record is linked to an account, else by email to their address).

Each reminder has a key per certification, last day and lead time, so a second run on the same
day tells nobody twice; a certification already renewed (the same person holds a later one of the
same kind) is not reminded of. One that cannot be reminded of is reported and skipped
(``core.jobs``)."""

import datetime

from django.utils import timezone

from core.jobs import JobReport, for_each_row
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import ExternalMail, notices_for, notify_bulk
from training.models import Certification
from training.selectors.certifications import certifications_expiring_on

# Reminders go out this many days before a certification's last valid day (and on the day).
REMINDER_DAYS_AHEAD = (60, 30, 7, 0)


def _when(days_left: int, day: datetime.date) -> str:
    if days_left == 0:
        return "today"
    return f"in {days_left} day{'s' if days_left != 1 else ''} ({day:%Y-%m-%d})"


def _remind_of(certification: Certification, today: datetime.date, admins: list) -> int:
    person, expires_on = certification.person, certification.expires_on
    days_left = (expires_on - today).days
    title = f"{person.name}: {certification.kind} certification expires {_when(days_left, expires_on)}"
    body = (
        f"{person.name}'s {certification.kind} certification ({certification.kind.issuer}) is valid until "
        f"{expires_on:%Y-%m-%d}. Record the renewed certification when it is earned."
    )
    key = f"certification-expiry:{certification.pk}:{expires_on:%Y%m%d}:{days_left}"
    level = Notification.Level.WARNING if days_left > 7 else Notification.Level.DANGER
    event = EventType.CERTIFICATION_EXPIRING
    url = certification.get_absolute_url()
    holders = [person.user] if person.user_id and person.user not in admins else []
    mails = []
    if not person.user_id and person.email and not Notification.objects.filter(dedupe_key=key).exists():
        mails = [ExternalMail(event=event, to=[person.email], title=title, body=body)]
    notices = notices_for(
        event=event, recipients=[*admins, *holders], title=title, body=body, url=url, level=level, dedupe_key=key
    )
    return len(notify_bulk(notices=notices, external=mails))


def certification_expiry_reminders(*, today: datetime.date | None = None) -> JobReport:
    """Remind ahead of each certification's last valid day (``REMINDER_DAYS_AHEAD``). The
    report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    admins = list(hospital_admins())
    days = {today + datetime.timedelta(days=ahead) for ahead in REMINDER_DAYS_AHEAD}
    return for_each_row(
        certifications_expiring_on(days=days).select_related("person__user"),
        lambda certification: _remind_of(certification, today, admins),
        job="Certification reminders",
    )
