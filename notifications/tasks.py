"""Thin Celery wrappers over the notification services."""

from celery import shared_task

from core.jobs import JobReport
from notifications import reminders
from notifications.services import digest, outbox


@shared_task(ignore_result=True)
def deliver_email(email_id: int) -> str | None:
    return outbox.outbox_deliver(email_id=email_id)


@shared_task(ignore_result=True)
def outbox_flush() -> int:
    """Deliver every queued email that is due (retries, and mail whose first dispatch was lost)."""
    due = outbox.outbox_due_ids()
    for email_id in due:
        outbox.outbox_deliver(email_id=email_id)
    return len(due)


@shared_task(ignore_result=True)
def send_reminders() -> JobReport:
    """Today's contract reminders; a contract that fails is logged and skipped (beat: daily)."""
    return reminders.contract_reminders_send()


@shared_task(ignore_result=True)
def send_digests() -> JobReport:
    """Today's daily digests (once per user and day however often it runs)."""
    return digest.digests_send()
