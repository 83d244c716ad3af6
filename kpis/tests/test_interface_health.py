"""Interface health: each interface's latest probe result, last success and open incident, read
in one query (``kpis.selectors.interfaces``), on the vendor dashboard (hospital and portal), the
KPI overview and the component and vendor pages; vendor users count only their own probes."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.testing.queries import queries_per_path
from kpis.models import Probe, ProbeRun
from kpis.selectors.interfaces import interface_health
from kpis.tests.probe_support import fail_for_real, make_probe
from vendors.models import Component, Interface, Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = pytest.mark.django_db


def minutes_ago(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


def run(probe: Probe, at: datetime.datetime, *, ok: bool, reason: str = "") -> ProbeRun:
    result: dict[str, Any] = {
        "check": "hl7_ack",
        "ok": ok,
        "started_at": at.isoformat(),
        "duration_ms": 41.0 if ok else None,
        "reason": reason,
        "values": {},
        "skipped": False,
    }
    return ProbeRun.objects.create(probe=probe, started_at=at, reachable=ok, ok=ok, results=[result])


def watched(vendor: Vendor, interface: Interface, name: str, **fields: Any) -> Probe:
    return make_probe(vendor, interface.target, name=name, interface=interface, kind="hl7_mllp", **fields)


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


@pytest.fixture
def ris(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="RIS")


def grow(vendor: Vendor, source: Component, target: Component, count: int, prefix: str) -> None:
    """``count`` more interfaces, each watched by a probe with a success then a failure."""
    for number in range(count):
        interface = InterfaceFactory(name=f"{prefix} {number}", source=source, target=target)
        probe = watched(vendor, interface, f"{prefix} probe {number}")
        run(probe, minutes_ago(10), ok=True)
        run(probe, minutes_ago(5), ok=False, reason="acknowledged AE (application error)")


def test_each_state_with_its_last_result_and_success_worst_first(
    staff_user: Any, vendor: Vendor, archive: Component, ris: Component
) -> None:
    unwatched = InterfaceFactory(name="Reports back (ORU)", source=archive, target=ris)
    never = InterfaceFactory(name="ADT feed", source=ris, target=archive)
    watched(vendor, never, "ADT probe")
    healthy = InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=archive)
    orders = watched(vendor, healthy, "Orders probe")
    run(orders, minutes_ago(20), ok=False, reason="connection refused")
    run(orders, minutes_ago(5), ok=True)
    failing = InterfaceFactory(name="Viewer (DICOMweb)", source=ris, target=archive)
    viewer = watched(vendor, failing, "Viewer probe")
    run(viewer, minutes_ago(30), ok=True)
    run(viewer, minutes_ago(3), ok=False, reason="HTTP 503")
    down = InterfaceFactory(name="Forward to VNA", source=archive, target=ris)
    forward = fail_for_real(watched(vendor, down, "Forward probe", failure_threshold=1))
    InterfaceFactory(name="Retired feed", source=ris, target=archive, active=False)

    rows = interface_health(user=staff_user, vendor_id=vendor.pk)

    assert [(row.interface.name, row.state.label) for row in rows] == [
        ("Forward to VNA", "Incident open"),
        ("Viewer (DICOMweb)", "Failing"),
        ("ADT feed", "Not run yet"),
        ("Orders (ORM^O01)", "Healthy"),
        ("Reports back (ORU)", "No probe"),
    ]
    by_name = {row.interface.name: row for row in rows}
    assert by_name["Forward to VNA"].open_incident_id == forward.open_incident_id is not None
    assert by_name["Viewer (DICOMweb)"].last_result == "HL7 ACK failed: HTTP 503"
    assert by_name["Viewer (DICOMweb)"].last_success_at < by_name["Viewer (DICOMweb)"].last_run_at
    assert by_name["Orders (ORM^O01)"].last_result == "HL7 ACK 41 ms"
    assert by_name["Orders (ORM^O01)"].last_success_at == by_name["Orders (ORM^O01)"].last_run_at
    assert by_name["ADT feed"].last_success_at is None
    assert (by_name["Reports back (ORU)"].probes, unwatched.pk) == (0, by_name["Reports back (ORU)"].interface.pk)


def test_an_inactive_probe_does_not_count(staff_user: Any, vendor: Vendor, archive: Component, ris: Component) -> None:
    interface = InterfaceFactory(name="Orders", source=ris, target=archive)
    probe = watched(vendor, interface, "Orders probe", active=False)
    run(probe, minutes_ago(5), ok=False)
    (row,) = interface_health(user=staff_user, component_id=archive.pk)
    assert row.state.label == "No probe"


def test_one_query_whatever_the_number_of_interfaces(
    staff_user: Any, vendor: Vendor, archive: Component, ris: Component
) -> None:
    grow(vendor, ris, archive, 1, "Feed")
    with CaptureQueriesContext(connection) as few:
        assert len(interface_health(user=staff_user, vendor_id=vendor.pk)) == 1
    grow(vendor, ris, archive, 6, "More")
    with CaptureQueriesContext(connection) as many:
        assert len(interface_health(user=staff_user, vendor_id=vendor.pk)) == 7
    assert len(few) == len(many) == 1


def test_a_vendor_user_counts_only_their_own_probes_of_a_shared_interface(
    staff_user: Any, vendor: Vendor, other_vendor: Vendor, vendor_user: Any, archive: Component
) -> None:
    their_viewer = ComponentFactory(vendor=other_vendor, name="Their viewer")
    shared = InterfaceFactory(name="Viewer to archive", source=their_viewer, target=archive)
    theirs = make_probe(other_vendor, their_viewer, name="Their probe", interface=shared, kind="hl7_mllp")
    run(theirs, minutes_ago(5), ok=False, reason="HTTP 500")

    (hospital,) = interface_health(user=staff_user, vendor_id=vendor.pk)
    (own,) = interface_health(user=vendor_user, vendor_id=vendor.pk)

    assert hospital.state.label == "Failing"
    assert (own.state.label, own.last_run_at) == ("No probe", None)


def test_the_dashboards_and_the_overview_show_each_interface_in_flat_queries(
    staff_client: Client, vendor_client: Client, vendor: Vendor, archive: Component, ris: Component
) -> None:
    paths = [f"/kpis/dashboard/{vendor.pk}/", "/kpis/dashboard/"]
    grow(vendor, ris, archive, 1, "Feed")
    before = queries_per_path(staff_client, paths) | queries_per_path(vendor_client, ["/portal/kpis/"])
    grow(vendor, ris, archive, 5, "More")
    after = queries_per_path(staff_client, paths) | queries_per_path(vendor_client, ["/portal/kpis/"])
    assert after == before

    dashboard = staff_client.get(paths[0]).content.decode()
    assert 'data-testid="interface-health"' in dashboard
    assert dashboard.count(">Failing</span>") == 6
    assert "HL7 ACK failed: acknowledged AE (application error)" in dashboard
    overview = staff_client.get(paths[1]).content.decode()
    assert "More 4: Failing" in overview
    portal = vendor_client.get("/portal/kpis/").content.decode()
    assert "Feed 0" in portal
    assert portal.count(">Failing</span>") == 6


def test_the_dashboard_says_when_no_interface_touches_the_vendor(staff_client: Client, vendor: Vendor) -> None:
    page = staff_client.get(f"/kpis/dashboard/{vendor.pk}/").content.decode()
    assert "No interfaces touch this vendor's components yet." in page


def test_the_component_and_vendor_pages_list_interfaces_with_their_state(
    staff_client: Client, vendor: Vendor, archive: Component, ris: Component
) -> None:
    orders = InterfaceFactory(name="Orders", source=ris, target=archive)
    run(watched(vendor, orders, "Orders probe"), minutes_ago(5), ok=True)
    InterfaceFactory(name="Reports back", source=archive, target=ris)
    fail_for_real(
        watched(vendor, InterfaceFactory(name="Forward", source=archive, target=ris), "Fwd", failure_threshold=1)
    )

    for path in (f"/components/{archive.pk}/", f"/vendors/{vendor.pk}/"):
        page = staff_client.get(path).content.decode()
        assert "<th>Monitoring</th>" in page
        assert '<span class="badge text-bg-success">Healthy</span>' in page
        assert '<span class="badge text-bg-danger">Incident open</span>' in page
        assert '<span class="badge text-bg-secondary">No probe</span>' in page
        assert "Last success never" in page
