"""The Celery application. Tasks live in each app's ``tasks.py``; the one beat schedule is here."""

import os

from celery import Celery
from celery.schedules import crontab

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
    "notifications-contract-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
