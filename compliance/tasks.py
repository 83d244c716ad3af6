from celery import shared_task

from compliance.services.document_reminders import document_expiry_reminders
from compliance.services.finding_reminders import unowned_finding_reminders
from compliance.services.incident_clocks import security_clock_sweep
from compliance.services.remote_access_log_storage import access_log_maintain


@shared_task(ignore_result=True)
def remind_expiring_documents() -> int:
    """Remind both sides of accepted compliance documents near their end (beat: daily)."""
    return document_expiry_reminders().done


@shared_task(ignore_result=True)
def sweep_security_clocks() -> int:
    """Warn of security incidents' notification clocks near their due instant, report breached ones
    (beat: every 5 minutes)."""
    return security_clock_sweep().done


@shared_task(ignore_result=True)
def maintain_access_log() -> int:
    """Create the coming months' access-log partitions, drop those past the retention (beat:
    nightly); returns the number dropped."""
    return len(access_log_maintain().dropped)


@shared_task(ignore_result=True)
def remind_unowned_findings() -> int:
    """Remind the hospital admins of security findings without a remediation owner (beat: daily)."""
    return unowned_finding_reminders().done
