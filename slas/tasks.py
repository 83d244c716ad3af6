import datetime

from celery import shared_task

from core.months import last_finished_month
from slas.services.credit_reminders import credit_claim_reminders
from slas.services.credits import statements_compute_month


@shared_task(ignore_result=True)
def compute_credit_statements(month: str | None = None) -> dict[str, int]:
    """Compute every vendor's credit statement of ``month`` (YYYY-MM; default the last finished
    month). Beat runs it on the 1st; re-running replaces unclaimed statements only."""
    first = datetime.date.fromisoformat(f"{month}-01") if month else last_finished_month()
    outcomes = statements_compute_month(month=first)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.result] = counts.get(outcome.result, 0) + 1
    return counts


@shared_task(ignore_result=True)
def remind_credit_claims() -> int:
    """Remind hospital admins of owed credits close to their claim deadline (beat: daily)."""
    return credit_claim_reminders()
