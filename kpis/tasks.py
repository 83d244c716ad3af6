from celery import shared_task

from kpis.services.computations import kpis_compute_recent


@shared_task(ignore_result=True)
def compute_kpis() -> int:
    """Recompute the KPIs taken from tickets and availability for this month and the last (beat:
    hourly)."""
    return kpis_compute_recent()
