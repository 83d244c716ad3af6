"""The morning screen: each panel shows what it promises, as of the moment, for the user who
opens it, in the same number of queries however much the database holds."""

import datetime

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory
from accounts.tests.two_factor import VerifiedClient
from core.testing.queries import queries_per_path
from kpis.models import Probe
from kpis.tests.probe_support import make_probe, record_run
from operations.tests.factories import health_assessment_for
from overview.tests.support import MORNING, a_morning, section
from slas.models import MaintenanceWindow
from slas.tests.factories import incident_for, maintenance_for
from vendors.tests.factories import ComponentFactory, ContractFactory, InterfaceFactory, VendorFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    """Signed in at ``MORNING`` (a session from the real now may have expired by then)."""
    client = VerifiedClient()
    with time_machine.travel(MORNING, tick=False):
        client.force_login(user)
    return client


def _page(user: User) -> str:
    with time_machine.travel(MORNING, tick=False):
        response = _client(user).get("/overview/")
    assert response.status_code == 200
    return response.content.decode()


def test_tickets_show_their_countdown_most_pressing_first(admin_user: User) -> None:
    morning = a_morning(admin_user)
    page = _page(admin_user)

    priority = section(page, "priority")
    # P1 first: its 15-minute response breached 35 minutes ago; the P2's hour has 10 minutes left.
    assert priority.index(f"#{morning.p1.pk}") < priority.index(f"#{morning.p2.pk}")
    assert "Breached Response, 35m ago" in priority
    assert "At risk Response: 10m left" in priority
    assert f"#{morning.p3.pk}" not in priority

    near = section(page, "near-breach")
    assert f"#{morning.p2.pk}" in near
    assert f"#{morning.p1.pk}" not in near  # breached already: in the P1/P2 list, not "about to"
    assert f"#{morning.p3.pk}" not in near  # four business hours, 50 minutes used

    # The counts are the ticket list's for the same filters the panels link to.
    with time_machine.travel(MORNING, tick=False):
        listed = _client(admin_user).get("/tickets/?open=true&sla=at_risk").content.decode()
    assert f"#{morning.p2.pk}" in listed or f"/tickets/{morning.p2.pk}/" in listed
    assert 'href="/tickets/?open=true&amp;severity=P1&amp;severity=P2"' in page


def test_incidents_probes_maintenance_dates_and_kpis(admin_user: User) -> None:
    a_morning(admin_user)
    page = _page(admin_user)

    incidents = section(page, "incidents")
    assert "archive unreachable" in incidents
    assert "Down" in incidents
    assert "resolved glitch" not in incidents

    probes = section(page, "probes")
    assert "archive probe" in probes
    assert "viewer probe" in probes
    assert "retired probe" not in probes  # inactive
    assert probes.index("Reachable, some checks failing") < probes.index("viewer probe")

    maintenance = section(page, "maintenance")
    assert "firmware update" in maintenance
    assert "Awaiting approval" in maintenance
    assert "far-off upgrade" not in maintenance

    dates = section(page, "dates")
    # One row per contract: its notice deadline while ahead, else its end; each date once.
    assert "Contract ends" in dates
    assert "Meri-ENDS" in dates
    assert "Renewal notice due" in dates
    assert "Meri-NOTICE" in dates
    assert "Meri-FAR" not in dates
    assert dates.count((MORNING.date() + datetime.timedelta(days=60)).isoformat()) == 1
    assert "Credit claim deadline" in dates
    assert "500.00 EUR owed" in dates

    kpis = section(page, "kpis")
    assert "Prior availability" in kpis
    assert "Target missed: below 95 %" in kpis
    assert "Ingest latency" not in kpis  # 1 min against a 5 min target: green

    uptime = section(page, "uptime")
    assert "Meridian Imaging Systems" in uptime
    assert "Below target" in uptime


def test_interfaces_with_a_failed_latest_run_or_an_open_incident_need_attention(admin_user: User) -> None:
    morning = a_morning(admin_user)
    with time_machine.travel(MORNING, tick=False):
        gateway = ComponentFactory(vendor=morning.vendor, name="FHIR gateway")
        triage = InterfaceFactory(
            name="Triage flags", source=gateway, target=ComponentFactory(vendor=morning.vendor, name="Worklist")
        )
        started = MORNING - datetime.timedelta(hours=2)
        outage = incident_for(morning.vendor, title="Triage flags down", started_at=started)
        probe = make_probe(morning.vendor, gateway, name="Triage probe", interface=triage, kind="fhir")
        record_run(probe, MORNING - datetime.timedelta(hours=3))  # its last success, before the outage
        Probe.objects.filter(pk=probe.pk).update(open_incident=outage)

    interfaces = section(_page(admin_user), "interfaces")
    assert "Interfaces needing attention 2" in interfaces
    # The open incident first, then the failing interface; the healthy one is left out.
    assert interfaces.index("Incident open") < interfaces.index("Triage flags") < interfaces.index("Failing")
    assert f"INC-{outage.pk}" in interfaces
    assert "Meridian Imaging Systems study forward" in interfaces
    assert "HL7 v2" in interfaces  # the protocol, in words
    assert "C-GET failed: status 0xA701" in interfaces  # what failed in the latest run
    assert "never passed" in interfaces  # the study forward's probe never had a full success
    assert "viewer retrieval" not in interfaces


def test_my_actions_are_the_users_own(admin_user: User) -> None:
    morning = a_morning(admin_user)
    page = _page(admin_user)
    mine = section(page, "my-actions")
    assert "test the failover" in mine
    assert "Overdue since" in mine
    # Meeting actions of governance, the earliest due first; a done one is not waiting.
    rehearsal = mine.index("book the upgrade rehearsal")
    assert rehearsal < mine.index("send the downtime list to radiology")
    assert f"Overdue since {(MORNING.date() - datetime.timedelta(days=1)):%Y-%m-%d}" in mine[rehearsal:]
    assert "In progress" in mine
    assert "circulate the minutes" not in mine
    assert f"#{morning.p3.pk}" in mine
    assert "Approve or reject" in mine
    assert "firmware update" in mine

    colleague = UserFactory(username="colleague")  # hospital staff: owns nothing, approves nothing
    theirs = section(_page(colleague), "my-actions")
    assert "Nothing is waiting for you" in theirs
    assert "firmware update" not in theirs


def test_a_quiet_morning_says_so_in_every_panel(admin_user: User) -> None:
    VendorFactory(name="Calm Vendor")
    page = _page(admin_user)
    assert "No P1 or P2 ticket is open." in section(page, "priority")
    assert "No open ticket has under a quarter of its SLA target left." in section(page, "near-breach")
    assert "Nothing is down or degraded now." in section(page, "incidents")
    assert "No active probe." in section(page, "probes")
    assert "Every interface our probes watch passed its latest check" in section(page, "interfaces")
    assert "No maintenance planned in the next 7 days." in section(page, "maintenance")
    assert "No vendor has an SLA in force this month." in section(page, "uptime")
    assert "No KPI misses its target" in section(page, "kpis")


def test_the_panels_cap_their_rows_and_say_how_many_more(admin_user: User) -> None:
    vendor = VendorFactory(name="Busy Vendor")
    with time_machine.travel(MORNING, tick=False):
        for number in range(11):
            maintenance_for(
                vendor,
                title=f"Window {number:02d}",
                planned_start=MORNING + datetime.timedelta(hours=number + 1),
                state=MaintenanceWindow.State.APPROVED,
            )
    maintenance = section(_page(admin_user), "maintenance")
    assert "Window 07" in maintenance
    assert "Window 08" not in maintenance
    assert "3 more" in maintenance


def test_the_overview_costs_the_same_queries_however_much_there_is(
    admin_user: User, django_assert_max_num_queries
) -> None:
    a_morning(admin_user)
    client = _client(admin_user)
    with time_machine.travel(MORNING, tick=False):
        one = queries_per_path(client, ["/overview/"])
    for name in ("Archivault Health", "Lumen Diagnostics AI", "Cobalt Archive"):
        a_morning(admin_user, name)
    for number in range(5):
        ContractFactory(vendor=VendorFactory(name=f"Quiet vendor {number}"), end_date=MORNING.date())
    with time_machine.travel(MORNING, tick=False):
        many = queries_per_path(client, ["/overview/"])
        assert many == one
        # The page's queries (the SLA reviews due, the overdue health assessments and the
        # interfaces needing attention among them) and the session's second factor.
        with django_assert_max_num_queries(34):
            client.get("/overview/")


def test_vendor_users_never_reach_it(vendor_client: Client) -> None:
    assert vendor_client.get("/overview/").status_code == 404


def test_overdue_health_assessments_are_among_the_dates(admin_user: User) -> None:
    vendor = VendorFactory(name="Archivault Health")
    health_assessment_for(
        ComponentFactory(vendor=vendor, name="Late Archive"), next_due_on=MORNING.date() - datetime.timedelta(days=4)
    )
    health_assessment_for(ComponentFactory(vendor=vendor, name="Timely Archive"), next_due_on=MORNING.date())
    dates = section(_page(admin_user), "dates")
    assert "Health assessment overdue" in dates
    assert "Late Archive" in dates
    assert "Passed 4 days ago" in dates
    assert "Timely Archive" not in dates
