"""The email outbox: queue mail and deliver it with retries.

Mail is never sent inline: ``OutboxEmailBackend`` (Django's ``EMAIL_BACKEND``) stores each
message as an ``OutboxEmail`` and a Celery task delivers it after the transaction commits,
through the real transport (``OUTBOX_TRANSPORT_BACKEND``). Failures are retried with an
exponential backoff, then marked failed and shown to hospital admins
(``notifications.services.failures``).

Subjects, headers and attachment names are sanitised as each row is built: one line (a line
break in a subject is a header injection, and Django refuses to send it), short enough for
their columns. A message that still cannot be put together (an address no mail system takes)
can never be sent, however often it is tried: it is marked failed with the reason at its first
attempt instead of being retried.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from core.text import fit_filename, single_line
from notifications.models import OutboxAttachment, OutboxEmail

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = OutboxEmail._meta.get_field("subject").max_length


def _dispatch_delivery(email_id: int) -> None:
    from notifications.tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # noqa: BLE001 - the broker being down must not lose the mail
        logger.warning("Could not queue delivery of outbox email %s; the periodic flush will send it.", email_id)


def _dispatch_flush() -> None:
    from notifications.tasks import outbox_flush

    try:
        outbox_flush.delay()
    except Exception:  # noqa: BLE001 - the periodic flush sends them anyway
        logger.warning("Could not queue an outbox flush; the periodic flush will send the mail.")


def _attachment_parts(attachment: object) -> tuple[str, bytes, str]:
    filename, content, mimetype = attachment  # type: ignore[misc]
    if isinstance(content, str):
        content = content.encode()
    return fit_filename(filename or "attachment"), content, single_line(mimetype or "application/octet-stream")


def _outbox_row(message: EmailMessage, now: datetime.datetime) -> OutboxEmail:
    html_body = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html_body = content
    return OutboxEmail(
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        from_email=single_line(message.from_email or settings.DEFAULT_FROM_EMAIL),
        subject=single_line(str(message.subject), SUBJECT_LENGTH),
        body=message.body,
        html_body=html_body,
        headers={single_line(name): single_line(str(value)) for name, value in message.extra_headers.items()},
        next_attempt_at=now,
    )


# Above this many messages at once, one flush task delivers them all instead of one task each.
DISPATCH_ONE_BY_ONE_UP_TO = 5


@transaction.atomic
def outbox_enqueue_many(*, messages: list[EmailMessage]) -> list[OutboxEmail]:
    """Store ``messages`` for delivery once the surrounding transaction commits, in a fixed
    number of queries however many there are."""
    now = timezone.now()
    emails = OutboxEmail.objects.bulk_create([_outbox_row(message, now) for message in messages])
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(email=email, filename=name, content=content, mimetype=mimetype)
        for email, message in zip(emails, messages, strict=True)
        for name, content, mimetype in map(_attachment_parts, message.attachments)
    )
    if len(emails) <= DISPATCH_ONE_BY_ONE_UP_TO:
        for email in emails:
            transaction.on_commit(lambda pk=email.pk: _dispatch_delivery(pk))
    elif emails:
        transaction.on_commit(_dispatch_flush)
    return emails


def outbox_enqueue(*, message: EmailMessage) -> OutboxEmail:
    """Store ``message`` for delivery once the surrounding transaction commits."""
    return outbox_enqueue_many(messages=[message])[0]


def _as_message(email: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2x base, 4x base, ... after the 1st, 2nd, 3rd failure."""
    return datetime.timedelta(seconds=settings.EMAIL_OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def outbox_deliver(*, email_id: int) -> str | None:
    """Send one queued email if it is due. Returns its new state, or None when another worker
    holds it, it is not due yet, or it was already sent or given up."""
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, state=OutboxEmail.State.QUEUED, next_attempt_at__lte=timezone.now())
            .first()
        )
        if email is None:
            return None
        email.attempts += 1
        _attempt(email)
        email.save(update_fields=["attempts", "state", "sent_at", "last_error", "next_attempt_at"])
        return email.state


def _never_deliverable(error: Exception) -> bool:
    """A transport's answer that no retry will change: every recipient refused for good (5xx)."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def _attempt(email: OutboxEmail) -> None:
    """One delivery attempt; the row's state, error and next attempt follow from its outcome."""
    message = _as_message(email)
    try:
        message.message()  # put together as the transport would: headers checked, addresses parsed
    except Exception as error:  # noqa: BLE001 - a message that cannot be built never will be
        _give_up(email, f"Cannot be sent: {error.__class__.__name__}: {error}")
        return
    try:
        connection = get_connection(settings.OUTBOX_TRANSPORT_BACKEND, fail_silently=False)
        connection.send_messages([message])
    except Exception as error:  # noqa: BLE001 - any transport failure is recorded and retried
        reason = f"{error.__class__.__name__}: {error}"
        if _never_deliverable(error):
            _give_up(email, f"Cannot be sent: {reason}")
        elif email.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS:
            _give_up(email, reason)
        else:
            email.last_error = reason[:2000]
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        return
    email.state = OutboxEmail.State.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.next_attempt_at = None


def _give_up(email: OutboxEmail, reason: str) -> None:
    """Mark ``email`` failed for good with ``reason``, and tell the admins once committed."""
    email.last_error = reason[:2000]
    email.state = OutboxEmail.State.FAILED
    email.next_attempt_at = None
    transaction.on_commit(lambda: _report_failure(email))


def _report_failure(email: OutboxEmail) -> None:
    # Imported here: telling people is a service that itself queues mail through this module.
    from notifications.services.failures import email_failure_report

    email_failure_report(email=email)


def outbox_due_ids(*, limit: int = 200) -> list[int]:
    return list(
        OutboxEmail.objects.filter(state=OutboxEmail.State.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def outbox_retry(*, email: OutboxEmail) -> OutboxEmail:
    """Put a failed (or waiting) email back in the queue with a fresh set of attempts, due now.
    The row is re-read under lock: an email a worker sent meanwhile is left alone."""
    email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
    if email.state == OutboxEmail.State.SENT:
        return email
    email.state = OutboxEmail.State.QUEUED
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _dispatch_delivery(email.pk))
    return email
