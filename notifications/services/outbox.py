"""The email outbox: queue mail and deliver it with retries.

Mail is never sent inline: ``OutboxEmailBackend`` (Django's ``EMAIL_BACKEND``) stores each
message as an ``OutboxEmail`` and a Celery task delivers it after the transaction commits,
through the real transport (``OUTBOX_TRANSPORT_BACKEND``). Failures are retried with an
exponential backoff, then marked failed and shown to hospital admins
(``notifications.services.failures``).

Subjects, headers and attachment names are sanitised as each row is built: one line (a line
break in a subject is a header injection, and Django refuses to send it), short enough for
their columns. A message that can never be sent, however often it is tried (one that still
cannot be put together, or whose every recipient the mail server refuses for good), is marked
failed with the reason at its first attempt instead of being retried.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
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


# The error recorded on a message whose worker died while sending it and that has no attempt left.
LOST_SEND_ERROR = "The worker stopped while sending; the message may or may not have gone out."


def _claimable(now: datetime.datetime) -> Q:
    """Due queued mail, and mail whose sending worker's lease ran out (it died mid-send)."""
    return Q(state=OutboxEmail.State.QUEUED, next_attempt_at__lte=now) | Q(
        state=OutboxEmail.State.SENDING, claimed_until__lte=now
    )


def _claim(email_id: int) -> OutboxEmail | None:
    """Take ``email_id`` for sending in a transaction of its own, committed before any SMTP:
    state ``sending`` with a lease, one more attempt counted. None when it is not claimable
    (another worker holds it, not due, sent, failed), or when it was lost mid-send with no
    attempt left (then it is marked failed)."""
    with transaction.atomic():
        now = timezone.now()
        email = OutboxEmail.objects.select_for_update(skip_locked=True).filter(_claimable(now), pk=email_id).first()
        if email is None:
            return None
        if email.state == OutboxEmail.State.SENDING and email.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS:
            email.state = OutboxEmail.State.FAILED
            email.claimed_until = None
            email.next_attempt_at = None
            email.last_error = LOST_SEND_ERROR
            email.save(update_fields=["state", "claimed_until", "next_attempt_at", "last_error"])
            transaction.on_commit(lambda: _report_failure(email))
            return None
        email.state = OutboxEmail.State.SENDING
        email.attempts += 1
        email.claimed_until = now + datetime.timedelta(seconds=settings.EMAIL_OUTBOX_LEASE_SECONDS)
        email.save(update_fields=["state", "attempts", "claimed_until"])
        return email


def _record(email: OutboxEmail, error: Exception | None, *, never_deliverable: bool = False) -> str | None:
    """Store the outcome of the send at once, if the claim is still ours (the same lease). A
    message that can ``never_deliverable`` fails now, whatever attempts it has left."""
    with transaction.atomic():
        claimed = (
            OutboxEmail.objects.select_for_update()
            .filter(pk=email.pk, state=OutboxEmail.State.SENDING, claimed_until=email.claimed_until)
            .first()
        )
        if claimed is None:
            logger.warning("Outbox email %s was reclaimed while this worker sent it; its outcome is dropped.", email.pk)
            return None
        email.claimed_until = None
        if error is None:
            email.state = OutboxEmail.State.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            email.next_attempt_at = None
        else:
            reason = f"{error.__class__.__name__}: {error}"
            email.last_error = (f"Cannot be sent: {reason}" if never_deliverable else reason)[:2000]
            if never_deliverable or email.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS:
                email.state = OutboxEmail.State.FAILED
                email.next_attempt_at = None
                transaction.on_commit(lambda: _report_failure(email))
            else:
                email.state = OutboxEmail.State.QUEUED
                email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        email.save(update_fields=["state", "claimed_until", "sent_at", "last_error", "next_attempt_at"])
        return email.state


def outbox_deliver(*, email_id: int) -> str | None:
    """Send one queued email if it is due. Returns its new state, or None when another worker
    holds it, it is not due yet, or it was already sent or given up.

    Three steps, so that only the SMTP conversation itself is at risk of a duplicate: claim the
    row (committed), send, record the result (committed at once). A worker killed between the
    first and the last leaves the row ``sending``; when its lease ends the flush sends it again
    (at least once, never lost; see docs/operations.md)."""
    email = _claim(email_id)
    if email is None:
        return None
    try:
        message = _as_message(email)
    except Exception as caught:  # noqa: BLE001 - reading the stored message failed: try again later
        return _record(email, caught)
    try:
        message.message()  # put together as the transport would: headers checked, addresses parsed
    except Exception as caught:  # noqa: BLE001 - a message that cannot be built never will be
        return _record(email, caught, never_deliverable=True)
    try:
        connection = get_connection(settings.OUTBOX_TRANSPORT_BACKEND, fail_silently=False)
        connection.send_messages([message])
    except Exception as caught:  # noqa: BLE001 - any transport failure is recorded and retried
        return _record(email, caught, never_deliverable=_never_deliverable(caught))
    return _record(email, None)


def _never_deliverable(error: Exception) -> bool:
    """A transport's answer that no retry will change: every recipient refused for good (5xx)."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def _report_failure(email: OutboxEmail) -> None:
    # Imported here: telling people is a service that itself queues mail through this module.
    from notifications.services.failures import email_failure_report

    email_failure_report(email=email)


def outbox_due_ids(*, limit: int = 200) -> list[int]:
    """Queued mail that is due, oldest first, then mail whose sending worker died (lease over)."""
    now = timezone.now()
    return list(
        OutboxEmail.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "claimed_until")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def outbox_retry(*, email: OutboxEmail) -> OutboxEmail:
    """Put a failed (or waiting) email back in the queue with a fresh set of attempts, due now.
    The row is re-read under lock: an email a worker sent meanwhile, or is sending now (its
    lease ends it either way), is left alone."""
    email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
    if email.state in (OutboxEmail.State.SENT, OutboxEmail.State.SENDING):
        return email
    email.state = OutboxEmail.State.QUEUED
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _dispatch_delivery(email.pk))
    return email
