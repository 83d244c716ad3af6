"""Telling hospital admins of mail that could not be delivered after its last attempt.

The outbox does not know what a mail was for; an app above that does (the monthly reports know
their deliveries) registers a handler at start-up that raises its own, more telling event and
answers True. Any other failed mail is raised as "Email not delivered".
"""

from collections.abc import Callable

from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification, OutboxEmail
from notifications.services.notify import notify

FailedEmailHandler = Callable[[OutboxEmail], bool]

_handlers: list[FailedEmailHandler] = []


def register_failed_email_handler(handler: FailedEmailHandler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def email_failure_report(*, email: OutboxEmail) -> None:
    """Raise the failure of ``email``: through the first handler that knows the mail, else as
    "Email not delivered" (in the app only: the mail transport may be what failed)."""
    if any(handler(email) for handler in _handlers):
        return
    notify(
        event=EventType.EMAIL_FAILED,
        recipients=hospital_admins(),
        title=f"Email could not be delivered: {email.subject}",
        body=f"To {email.recipients_display}. Last error: {email.last_error}",
        url="/notifications/outbox/?state=failed",
        level=Notification.Level.DANGER,
    )
