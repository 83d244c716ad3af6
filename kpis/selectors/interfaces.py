"""The health of interfaces as our probes see them: for each interface, its latest probe run
(when, and whether every check passed, or what failed), its latest fully successful run, and an
incident one of its probes opened that is still going. The vendor dashboard, the KPI overview,
the portal and the component page all read it here.

One query whatever the number of interfaces, probes or runs: the facts are correlated
subqueries on the (probe, -started_at) index of runs. Only the probes and runs the user may see
count (a vendor user sees an interface both vendors share, but only their own probes of it)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import JSONField
from django.db.models.functions import Coalesce

from core.roles import ScopedUser
from kpis.models import Probe, ProbeRun
from kpis.selectors.probes import timings_text
from vendors.interface_states import InterfaceState
from vendors.models import Interface


@dataclass(frozen=True)
class HealthState:
    key: str
    label: str
    colour: str  # a Bootstrap contextual colour; the label says the same in words
    rank: int  # worst first


INCIDENT = HealthState("incident", "Incident open", "danger", 0)
FAILING = HealthState("failing", "Failing", "danger", 1)
HEALTHY = HealthState("healthy", "Healthy", "success", 3)
NEVER_RUN = HealthState("never", "Not run yet", "secondary", 2)
UNWATCHED = HealthState("unwatched", "No probe", "secondary", 4)


@dataclass(frozen=True)
class InterfaceHealth:
    interface: Interface
    probes: int
    last_run_at: datetime | None
    last_ok: bool | None
    last_results: list | None
    last_success_at: datetime | None
    open_incident_id: int | None

    @property
    def state(self) -> HealthState:
        if self.open_incident_id is not None:
            return INCIDENT
        if not self.probes:
            return UNWATCHED
        if self.last_run_at is None:
            return NEVER_RUN
        return HEALTHY if self.last_ok else FAILING

    @property
    def last_result(self) -> str:
        """The latest run in words: its timings, or what failed."""
        return timings_text(self.last_results) if self.last_results else ""


def _annotated(interfaces: QuerySet[Interface], user: ScopedUser | None) -> QuerySet[Interface]:
    probes = Probe.objects.visible_to(user).filter(interface=OuterRef("pk"), active=True)
    runs = ProbeRun.objects.visible_to(user).filter(probe__interface=OuterRef("pk"), probe__active=True)
    latest = runs.order_by("-started_at")
    return interfaces.select_related("source__vendor", "target__vendor").annotate(
        probe_count=Coalesce(
            Subquery(probes.order_by().values("interface").annotate(n=Count("pk")).values("n")[:1]),
            0,
            output_field=IntegerField(),
        ),
        last_run_at=Subquery(latest.values("started_at")[:1]),
        last_ok=Subquery(latest.values("ok")[:1]),
        last_results=Subquery(latest.values("results")[:1], output_field=JSONField()),
        last_success_at=Subquery(latest.filter(ok=True).values("started_at")[:1]),
        open_incident=Subquery(
            probes.filter(open_incident__isnull=False, open_incident__ended_at__isnull=True)
            .order_by("open_incident__started_at")
            .values("open_incident_id")[:1]
        ),
    )


def _health(interfaces: Iterable[Interface]) -> list[InterfaceHealth]:
    rows = [
        InterfaceHealth(
            interface=interface,
            probes=interface.probe_count,
            last_run_at=interface.last_run_at,
            last_ok=interface.last_ok,
            last_results=interface.last_results,
            last_success_at=interface.last_success_at,
            open_incident_id=interface.open_incident,
        )
        for interface in interfaces
    ]
    return sorted(rows, key=lambda row: (row.state.rank, row.interface.name.lower(), row.interface.pk))


def interface_health(
    *, user: ScopedUser | None, vendor_id: int | None = None, component_id: int | None = None
) -> list[InterfaceHealth]:
    """The active interfaces the user sees (those touching one vendor's components, or one
    component, when given) with their health, worst first."""
    interfaces = Interface.objects.visible_to(user).filter(active=True)
    if vendor_id is not None:
        interfaces = interfaces.filter(Q(source__vendor_id=vendor_id) | Q(target__vendor_id=vendor_id))
    if component_id is not None:
        interfaces = interfaces.filter(Q(source_id=component_id) | Q(target_id=component_id))
    return _health(_annotated(interfaces, user))


def interface_health_by_vendor(*, user: ScopedUser | None) -> dict[int, list[InterfaceHealth]]:
    """Every active interface the user sees, under each vendor with a component at either end
    (an interface between two vendors' components is under both), worst first."""
    by_vendor: dict[int, list[InterfaceHealth]] = {}
    for row in interface_health(user=user):
        for vendor_id in {row.interface.source.vendor_id, row.interface.target.vendor_id}:
            by_vendor.setdefault(vendor_id, []).append(row)
    return by_vendor


def interface_health_of(interface_ids: list[int], user: ScopedUser | None) -> dict[int, InterfaceHealth]:
    """The health of these interfaces (active or not) by id, as the user may see it."""
    interfaces = Interface.objects.visible_to(user).filter(pk__in=interface_ids)
    return {row.interface.pk: row for row in _health(_annotated(interfaces, user))}


def interface_states(interface_ids: list[int], user: ScopedUser | None) -> dict[int, InterfaceState]:
    """The states the vendor and component pages show (``vendors.interface_states``), registered
    by ``KpisConfig.ready``; interfaces no probe watches are left out."""
    return {
        pk: InterfaceState(
            label=row.state.label,
            colour=row.state.colour,
            last_run_at=row.last_run_at,
            last_success_at=row.last_success_at,
            last_result=row.last_result,
            open_incident_id=row.open_incident_id,
        )
        for pk, row in interface_health_of(interface_ids, user).items()
        if row.state is not UNWATCHED
    }
