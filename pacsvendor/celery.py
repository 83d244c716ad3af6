"""The Celery application. Tasks live in each app's ``tasks.py``; the one beat schedule is here."""

import gc
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")

app = Celery("pacsvendor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Every periodic task of the project, in one place. Each has a management command too.
app.conf.beat_schedule = {
    "tickets-sla-sweep": {
        "task": "tickets.tasks.sla_sweep",
        "schedule": crontab(minute="*"),
    },
    # A history import whose worker died (no heartbeat for 5 minutes, tickets' STALLED_AFTER)
    # is marked failed within 8, never left "importing".
    "tickets-history-import-recover": {
        "task": "tickets.tasks.recover_history_imports",
        "schedule": crontab(minute="*/3"),
    },
    "notifications-outbox-flush": {
        "task": "notifications.tasks.outbox_flush",
        "schedule": crontab(minute="*"),
    },
    "slas-credit-statements": {
        "task": "slas.tasks.compute_credit_statements",
        "schedule": crontab(day_of_month=1, hour=5, minute=30),
    },
    "slas-credit-claim-reminders": {
        "task": "slas.tasks.remind_credit_claims",
        "schedule": crontab(hour=7, minute=5),
    },
    "kpis-probes": {
        "task": "kpis.tasks.run_due_probes",
        "schedule": crontab(minute="*"),
    },
    "kpis-compute": {
        "task": "kpis.tasks.compute_kpis",
        "schedule": crontab(minute=7),
    },
    # Nightly, when few samples arrive: next months' partitions made, expired ones dropped.
    "kpis-sample-partitions": {
        "task": "kpis.tasks.maintain_sample_partitions",
        "schedule": crontab(hour=2, minute=40),
    },
    # Every 3 minutes: a generation or run with no progress for 5 minutes (reports'
    # STALLED_AFTER) is taken over within 8, not at the next hour.
    "reports-recover": {
        "task": "reports.tasks.recover_reports",
        "schedule": crontab(minute="*/3"),
    },
    "notifications-contract-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "operations-lifecycle-reminders": {
        "task": "operations.tasks.send_lifecycle_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    "operations-recovery-reminders": {
        "task": "operations.tasks.send_recovery_reminders",
        "schedule": crontab(hour=7, minute=6),
    },
    "operations-health-reminders": {
        "task": "operations.tasks.send_health_reminders",
        "schedule": crontab(hour=7, minute=7),
    },
    # governance: meetings created ahead (and invited to) early, action reminders with the others.
    "governance-schedule-meetings": {
        "task": "governance.tasks.schedule_meetings",
        "schedule": crontab(hour=6, minute=15),
    },
    "governance-action-reminders": {
        "task": "governance.tasks.remind_actions",
        "schedule": crontab(hour=7, minute=10),
    },
    # governance: SLA annual reviews opened a year ahead and reminded of 60 and 14 days before.
    "governance-sla-reviews": {
        "task": "governance.tasks.sla_reviews",
        "schedule": crontab(hour=7, minute=12),
    },
    "compliance-document-reminders": {
        "task": "compliance.tasks.remind_expiring_documents",
        "schedule": crontab(hour=7, minute=10),
    },
    "training-certification-reminders": {
        "task": "training.tasks.remind_expiring_certifications",
        "schedule": crontab(hour=7, minute=15),
    },
    # scorecards: KPI-tied plan items, after the night's KPI computations.
    "scorecards-plan-kpis": {
        "task": "scorecards.tasks.check_plan_kpis",
        "schedule": crontab(hour=6, minute=40),
    },
    "scorecards-chronic-failure-plans": {
        "task": "scorecards.tasks.propose_chronic_failure_plans",
        "schedule": crontab(hour=6, minute=45),
    },
    "scorecards-plan-reminders": {
        "task": "scorecards.tasks.remind_plan_items",
        "schedule": crontab(hour=7, minute=15),
    },
    "scorecards-survey-reminders": {
        "task": "scorecards.tasks.remind_survey_non_respondents",
        "schedule": crontab(minute=20),
    },
    "compliance-security-clocks": {
        "task": "compliance.tasks.sweep_security_clocks",
        "schedule": crontab(minute="*/5"),
    },
    "compliance-access-log-partitions": {
        "task": "compliance.tasks.maintain_access_log",
        "schedule": crontab(hour=3, minute=25),
    },
    "compliance-unowned-findings": {
        "task": "compliance.tasks.remind_unowned_findings",
        "schedule": crontab(hour=7, minute=20),
    },
}


@app.on_after_configure.connect
def _schedule_monthly_reports(sender: Celery, **kwargs: object) -> None:
    """Last month's reports on MONTHLY_REPORTS_DAY at MONTHLY_REPORTS_TIME, in the hospital's
    zone (CELERY_TIMEZONE): read from settings, so added once the configuration is loaded."""
    from django.conf import settings

    hour, minute = settings.MONTHLY_REPORTS_TIME.split(":")
    sender.add_periodic_task(
        crontab(day_of_month=settings.MONTHLY_REPORTS_DAY, hour=int(hour), minute=int(minute)),
        sender.signature("reports.tasks.send_monthly_reports"),
        name="reports-monthly",
    )


@app.on_after_configure.connect
def _schedule_daily_digest(sender: Celery, **kwargs: object) -> None:
    """The daily notification digest at NOTIFICATIONS_DIGEST_TIME, in the hospital's zone."""
    from django.conf import settings

    hour, minute = settings.NOTIFICATIONS_DIGEST_TIME.split(":")
    sender.add_periodic_task(
        crontab(hour=int(hour), minute=int(minute)),
        sender.signature("notifications.tasks.send_digests"),
        name="notifications-daily-digest",
    )


@worker_process_init.connect
def _freeze_loaded_objects(**kwargs: object) -> None:
    """What a worker process has loaded (Django, every app) lives as long as it does: keep it out
    of the garbage collector's scans, so report rendering (many short-lived objects) is not
    slowed by full collections over the whole heap. The WSGI entry point does the same."""
    gc.collect()
    gc.freeze()
