from celery import shared_task

from tickets.services import history_jobs
from tickets.services.sweep import sweep_due_actions


@shared_task(ignore_result=True)
def sla_sweep() -> int:
    """Fire the SLA warnings, escalations and breaches that are due (beat: every minute)."""
    return sweep_due_actions()


@shared_task(ignore_result=True)
def import_ticket_history(job_id: int) -> None:
    """Check and import one uploaded history file (queued when it was uploaded)."""
    history_jobs.history_import_run(job_id=job_id)


@shared_task(ignore_result=True)
def recover_history_imports() -> int:
    """Mark failed the history imports whose worker died (beat: every 3 minutes)."""
    return history_jobs.history_imports_recover()
