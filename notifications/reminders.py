"""Daily reminders of contract dates: the renewal-notice deadline and the end of a contract."""

import datetime

from django.utils import timezone

from core.jobs import JobReport, for_each_row
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from vendors.selectors import contracts_ending

# Reminders go out this many days ahead of each date (and on the day itself).
REMINDER_DAYS_AHEAD = (60, 30, 14, 7, 1, 0)


def _reminders_for(contract: object, today: datetime.date) -> list[tuple[str, str, str]]:
    found = []
    for kind, day, what in (
        ("notice", contract.renewal_notice_date, "renewal notice deadline"),
        ("end", contract.end_date, "contract end"),
    ):
        days_left = (day - today).days
        if days_left in REMINDER_DAYS_AHEAD:
            when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''} ({day:%Y-%m-%d})"
            key = f"contract:{contract.pk}:{kind}:{day:%Y%m%d}:{days_left}"
            found.append((key, f"{contract.vendor}: {what} of {contract} is {when}", kind))
    return found


def _remind_of(contract: object, today: datetime.date, admins: list) -> int:
    sent = 0
    for key, title, kind in _reminders_for(contract, today):
        renewal = "It renews automatically unless cancelled." if contract.auto_renew else "It does not renew by itself."
        created = notify(
            event=EventType.CONTRACT_DATE,
            recipients=admins,
            title=title,
            body=f"Contract {contract.reference} with {contract.vendor} ends on {contract.end_date:%Y-%m-%d}. "
            f"{renewal}",
            url=contract.get_absolute_url(),
            level=Notification.Level.WARNING if kind == "notice" else Notification.Level.INFO,
            dedupe_key=key,
        )
        sent += len(created)
    return sent


def contract_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Notify hospital admins ahead of each contract's notice deadline and end; each reminder
    is raised once per contract, date and lead time, so running it twice a day is harmless.
    A contract that cannot be reminded of is reported and skipped; the others still are.
    The report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    admins = list(hospital_admins())
    return for_each_row(
        contracts_ending(today=today, within_days=max(REMINDER_DAYS_AHEAD)),
        lambda contract: _remind_of(contract, today, admins),
        job="Contract reminders",
    )
