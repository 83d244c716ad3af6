from celery import shared_task

from kpis.models import Probe
from kpis.services.alerts import alerts_refresh
from kpis.services.computations import kpis_compute_recent
from kpis.services.probes import probe_run, probes_claim_due
from kpis.services.sample_storage import sample_partitions_maintain


@shared_task(ignore_result=True)
def compute_kpis() -> int:
    """Recompute the KPIs taken from tickets and availability for this month and the last, then
    raise, escalate or clear KPI alerts (beat: hourly)."""
    written = kpis_compute_recent()
    alerts_refresh()
    return written


@shared_task(ignore_result=True)
def run_due_probes() -> int:
    """Claim the probes that are due and run each in its own task (beat: every minute)."""
    ids = probes_claim_due()
    for probe_id in ids:
        run_probe.delay(probe_id)
    return len(ids)


@shared_task(ignore_result=True)
def run_probe(probe_id: int) -> None:
    probe = Probe.objects.filter(pk=probe_id, active=True).first()
    if probe is not None:
        probe_run(probe=probe)


@shared_task(ignore_result=True)
def maintain_sample_partitions() -> int:
    """Create the coming months' sample partitions and drop those past the retention (beat:
    nightly); returns how many were dropped."""
    return len(sample_partitions_maintain().dropped)
