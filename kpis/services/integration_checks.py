"""Integration checks after a change: every active probe of the interfaces touching the changed
components runs now, on the one probe path (``probe_run``: the run recorded, its samples, an
incident opened or closed), so "are the interfaces still working?" has a measured answer. The
operations app calls this for a change plan and stores the runs on the plan."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from kpis.models import Probe, ProbeRun


def integration_probes(*, component_ids: Iterable[int]) -> QuerySet[Probe]:
    """The active probes watching an interface with either end on one of the components."""
    ids = list(component_ids)
    touching = Q(interface__source_id__in=ids) | Q(interface__target_id__in=ids)
    return Probe.objects.filter(touching, active=True, interface__active=True).order_by("interface__name", "name")


def integration_checks_run(*, component_ids: Iterable[int]) -> list[ProbeRun]:
    """Run those probes one after the other (each within its own timeout) and return their runs.
    A probe that fails is a result like any other, not an error."""
    # Imported here: the probing libraries (pydicom, pynetdicom) stay out of every process's
    # start-up (pacsvendor/tests/test_startup_imports.py); only a worker running checks loads them.
    from kpis.services.probes import probe_run

    return [probe_run(probe=probe) for probe in integration_probes(component_ids=component_ids)]
