"""Integration checks after a change: every active probe of the interfaces touching the changed
components runs now, on the one probe path (``probe_run``: the run recorded, its samples, an
incident opened or closed), so "are the interfaces still working?" has a measured answer. The
operations app calls this for a change plan and stores the runs on the plan."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from kpis.models import Probe, ProbeRun
from kpis.services.probes import probe_run


def integration_probes(*, component_ids: Iterable[int]) -> QuerySet[Probe]:
    """The active probes watching an interface with either end on one of the components."""
    ids = list(component_ids)
    touching = Q(interface__source_id__in=ids) | Q(interface__target_id__in=ids)
    return Probe.objects.filter(touching, active=True, interface__active=True).order_by("interface__name", "name")


def integration_checks_run(*, component_ids: Iterable[int]) -> list[ProbeRun]:
    """Run those probes one after the other (each within its own timeout) and return their runs.
    A probe that fails is a result like any other, not an error."""
    return [probe_run(probe=probe) for probe in integration_probes(component_ids=component_ids)]
