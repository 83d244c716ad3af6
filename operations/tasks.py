"""Thin Celery wrappers over the operations services."""

from celery import shared_task

from accounts.models import User
from core.jobs import JobReport
from operations.models import ChangePlan
from operations.services.health_reminders import health_reminders_send
from operations.services.integration_checks import plan_integration_checks_run
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


@shared_task(ignore_result=True)
def send_health_reminders() -> JobReport:
    """Today's reminders of health assessments due soon or overdue (beat: daily)."""
    return health_reminders_send()


@shared_task(ignore_result=True)
def run_integration_checks(plan_id: int, requested_by_id: int | None = None) -> int:
    """The integration checks a person asked for on a plan (queued by
    ``plan_integration_checks_queue``); returns how many probes ran."""
    plan = ChangePlan.objects.filter(pk=plan_id).select_related("component").first()
    if plan is None:
        return 0
    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    return len(plan_integration_checks_run(plan=plan, requested_by=requested_by))
