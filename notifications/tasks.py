"""Thin Celery wrappers over the notification services."""

from celery import shared_task

from notifications import reminders, services


@shared_task(ignore_result=True)
def deliver_email(email_id: int) -> str | None:
    return services.outbox_deliver(email_id=email_id)


@shared_task(ignore_result=True)
def outbox_flush() -> int:
    """Deliver every queued email that is due (retries, and mail whose first dispatch was lost)."""
    due = services.outbox_due_ids()
    for email_id in due:
        services.outbox_deliver(email_id=email_id)
    return len(due)


@shared_task(ignore_result=True)
def send_reminders() -> int:
    return reminders.contract_reminders_send()
