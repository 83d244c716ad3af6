from celery import shared_task

from training.services.certification_reminders import certification_expiry_reminders


@shared_task(ignore_result=True)
def remind_expiring_certifications() -> int:
    """Remind the admins and the holders of certifications near their end (beat: daily)."""
    return certification_expiry_reminders().done
