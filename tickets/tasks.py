from celery import shared_task

from tickets.services.sweep import sweep_due_actions


@shared_task(ignore_result=True)
def sla_sweep() -> int:
    """Fire the SLA warnings, escalations and breaches that are due (beat: every minute)."""
    return sweep_due_actions()
