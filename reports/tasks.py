"""Thin Celery wrappers over the report services."""

from celery import shared_task

from core.months import last_finished_month
from reports.services import generation, runs


@shared_task(ignore_result=True)
def generate_report(report_id: int) -> None:
    generation.report_build(report_id=report_id)


@shared_task(ignore_result=True)
def send_monthly_reports(month: str | None = None) -> dict[str, int]:
    """Last month's reports (or ``month``, ``YYYY-MM``), generated and emailed once."""
    import datetime

    first = datetime.date.fromisoformat(f"{month}-01") if month else last_finished_month()
    outcome = runs.monthly_reports_send(month=first)
    return {"generated": len(outcome.generated), "delivered": outcome.delivered, "failed": len(outcome.failed)}


@shared_task(ignore_result=True)
def recover_reports() -> int:
    return runs.reports_recover()


@shared_task(ignore_result=True)
def generate_qbr_pack(pack_id: int) -> None:
    from reports.services.qbr import qbr_pack_build

    qbr_pack_build(pack_id=pack_id)


@shared_task(ignore_result=True)
def generate_evaluation_report(report_id: int) -> None:
    from reports.services.evaluations import evaluation_report_build

    evaluation_report_build(report_id=report_id)
