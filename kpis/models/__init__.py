# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from kpis.models import Kpi`` keeps working. The one place in
# the project where ``__init__.py`` holds code (docs/architecture.md).
from kpis.models.alerts import KpiAlert
from kpis.models.catalogue import Aggregation, Area, Direction, Kpi, Period, Scope, Source
from kpis.models.probes import PROBE_INPUT_FIELDS, Probe, ProbeRun
from kpis.models.samples import KpiRollup, KpiSample

__all__ = [
    "PROBE_INPUT_FIELDS",
    "Aggregation",
    "Area",
    "Direction",
    "Kpi",
    "KpiAlert",
    "KpiRollup",
    "KpiSample",
    "Period",
    "Probe",
    "ProbeRun",
    "Scope",
    "Source",
]
