"""Thin Celery wrappers over the operations services."""

from celery import shared_task

from core.jobs import JobReport
from operations.services.recovery_reminders import recovery_reminders_send
from operations.services.replacements import lifecycle_reminders_send


@shared_task(ignore_result=True)
def send_lifecycle_reminders() -> JobReport:
    """Today's warranty and end-of-support reminders; a component that fails is logged and
    skipped (beat: daily)."""
    return lifecycle_reminders_send()


@shared_task(ignore_result=True)
def send_recovery_reminders() -> JobReport:
    """Today's reminders of backup and DR tests due soon or overdue (beat: daily)."""
    return recovery_reminders_send()
