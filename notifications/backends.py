from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from notifications.services.outbox import outbox_enqueue


class OutboxEmailBackend(BaseEmailBackend):
    """Django's mail API, pointed at the outbox: ``send_mail`` anywhere queues, never blocks."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            outbox_enqueue(message=message)
        return len(email_messages)
