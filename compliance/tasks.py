from celery import shared_task

from compliance.services.document_reminders import document_expiry_reminders


@shared_task(ignore_result=True)
def remind_expiring_documents() -> int:
    """Remind both sides of accepted compliance documents near their end (beat: daily)."""
    return document_expiry_reminders().done
