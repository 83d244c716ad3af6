"""A probe's page, shared by the hospital UI and the vendor portal: its status, the latest run's
checks, its open incident and its recent runs."""

from typing import Any

from kpis.models import Probe
from kpis.selectors.probes import check_outcomes, open_incident_id, probe_runs, probe_status
from kpis.tables.catalogue import format_number
from kpis.tables.probes import endpoint, run_table

RECENT_RUNS = 50


def probe_context(probe: Probe) -> dict[str, Any]:
    """The probe page's facts: status, the latest run's checks, the open incident (the template
    links it with ``{% object_url %}``, to the page the reader sees it on) and the recent runs,
    newest first."""
    runs = list(probe_runs(probe)[:RECENT_RUNS])
    return {
        "status": probe_status(probe),
        "endpoint": endpoint(probe),
        "latest_checks": list(check_outcomes(probe.last_results).values()),
        "incident_id": open_incident_id(probe),
        "storage_capacity": format_number(probe.storage_capacity_gb),
        "runs_table": run_table(probe, runs),
        "recent_runs": RECENT_RUNS,
    }
