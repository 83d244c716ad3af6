from celery import shared_task

from core.jobs import JobReport
from governance.services.meetings import meetings_schedule_ahead
from governance.services.reminders import action_reminders_send
from governance.services.reviews import sla_reviews_daily


@shared_task(ignore_result=True)
def schedule_meetings() -> JobReport:
    """Create every active series' meetings up to the horizon and invite to them (beat: daily)."""
    return meetings_schedule_ahead()


@shared_task(ignore_result=True)
def remind_actions() -> JobReport:
    """Remind owners of actions due soon or overdue, of every source (beat: daily)."""
    return action_reminders_send()


@shared_task(ignore_result=True)
def sla_reviews() -> JobReport:
    """Open the coming SLA annual reviews and remind of those due or overdue (beat: daily)."""
    return sla_reviews_daily()
