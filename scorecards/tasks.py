"""Thin Celery wrappers over the scorecards services."""

from celery import shared_task

from core.jobs import JobReport
from scorecards.services.plan_kpis import plan_kpi_checks_run
from scorecards.services.plan_proposals import chronic_failure_plans_propose
from scorecards.services.plan_reminders import plan_reminders_send
from scorecards.services.survey_reminders import survey_reminders_send


@shared_task(ignore_result=True)
def check_plan_kpis() -> JobReport:
    """Check the KPI-tied items of active improvement plans against their targets: achieved items
    close themselves, missed ones are flagged at risk (beat: daily)."""
    return plan_kpi_checks_run()


@shared_task(ignore_result=True)
def remind_plan_items() -> JobReport:
    """Tell of improvement-plan items due within a week or overdue, once each (beat: daily)."""
    return plan_reminders_send()


@shared_task(ignore_result=True)
def propose_chronic_failure_plans() -> JobReport:
    """Draft improvement plans for vendors whose last month is flagged a chronic SLA failure
    (beat: daily, after the monthly credit statements)."""
    return chronic_failure_plans_propose()


@shared_task(ignore_result=True)
def remind_survey_non_respondents() -> JobReport:
    """Remind, once, the people who have not answered a staff survey closing soon (beat: hourly)."""
    return survey_reminders_send()
