"""Integration checks of a change plan: "Run integration checks" queues a worker task; the task
runs every active probe of the interfaces touching the plan's component (real probes against a
real local FHIR server and a closed port) through the one probe path and stores the runs on the
plan as one batch, which the plan's page (hospital and portal) and the API show."""

from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import VendorUserFactory
from core.testing.openapi import assert_matches_schema
from core.testing.parallel import free_port
from kpis.models import Probe, ProbeRun
from kpis.services.probe_config import probe_save
from kpis.tests import test_probing_fhir as fhir
from kpis.tests.httpd import HttpResponder, running_responder
from kpis.tests.probe_support import make_probe
from notifications.tests.support import Broker
from operations.models import ChangePlan, PlanIntegrationCheck
from operations.services.integration_checks import plan_integration_checks_queue, plan_integration_checks_run
from operations.tasks import run_integration_checks
from operations.tests.factories import ready_plan
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway() -> Iterator[HttpResponder]:
    with running_responder(dict(fhir.ROUTES)) as responder:
        yield responder


@pytest.fixture
def broker() -> Iterator[Broker]:
    queue = Broker()
    queue.reset()
    yield queue
    queue.reset()
    queue.close()


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


@pytest.fixture
def plan(archive: Component) -> ChangePlan:
    return ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)


@pytest.fixture
def probes(vendor: Vendor, archive: Component, gateway: HttpResponder) -> list[Probe]:
    """A FHIR probe of an interface from the archive, an HL7 probe of one into it that is down,
    and probes that must not run: of an interface elsewhere, inactive, without an interface."""
    ehr = ComponentFactory(vendor=vendor, name="EHR FHIR Gateway")
    ris = ComponentFactory(vendor=vendor, name="RIS")
    studies = InterfaceFactory(name="Imaging studies to the EHR", source=archive, target=ehr)
    orders = InterfaceFactory(name="Orders", source=ris, target=archive)
    elsewhere = InterfaceFactory(name="ADT to the RIS", source=ehr, target=ris)
    fhir_probe = probe_save(
        probe=Probe(
            vendor=vendor,
            component=archive,
            interface=studies,
            kind=Probe.Kind.FHIR,
            name="EHR FHIR",
            base_url=gateway.url(fhir.ROOT),
            fhir_search=fhir.SEARCH,
            timeout_seconds=1,
        )
    )
    down = make_probe(
        vendor, archive, name="Orders over MLLP", interface=orders, kind="hl7_mllp", host="127.0.0.1", timeout_seconds=1
    )
    Probe.objects.filter(pk=down.pk).update(port=free_port(), rest_url="")
    make_probe(vendor, ris, name="ADT probe", interface=elsewhere, kind="hl7_mllp")
    make_probe(vendor, archive, name="Switched off", interface=orders, kind="hl7_mllp", active=False)
    make_probe(vendor, archive, name="Archive DICOM")
    return [fhir_probe, down]


def test_the_task_runs_the_probes_of_the_components_interfaces_and_stores_them_on_the_plan(
    plan: ChangePlan, probes: list[Probe], admin_user, gateway: HttpResponder
) -> None:
    assert run_integration_checks(plan.pk, admin_user.pk) == 2

    checks = list(PlanIntegrationCheck.objects.filter(plan=plan).select_related("probe_run__probe"))
    assert sorted(check.probe_run.probe.name for check in checks) == ["EHR FHIR", "Orders over MLLP"]
    assert len({check.checked_at for check in checks}) == 1
    assert {check.requested_by for check in checks} == {admin_user}
    outcome = {check.probe_run.probe.name: (check.probe_run.ok, check.probe_run.reachable) for check in checks}
    assert outcome == {"EHR FHIR": (True, True), "Orders over MLLP": (False, False)}
    assert ProbeRun.objects.count() == 2  # the one probe path recorded them, and no other probe ran
    assert [request.path for request in gateway.requests] == [f"{fhir.ROOT}/metadata", f"{fhir.ROOT}/ImagingStudy"]


def test_the_page_queues_the_checks_and_shows_the_latest_batch(
    admin_client: Client, vendor_client: Client, plan: ChangePlan, probes: list[Probe], broker: Broker, admin_user
) -> None:
    page = admin_client.get(plan.get_absolute_url()).content.decode()
    assert "Run integration checks" in page
    assert "Not run yet." in page

    response = admin_client.post(f"/operations/plans/{plan.pk}/act/", {"action": "integration_checks"}, follow=True)
    assert "Integration checks queued: 2 probes run in a moment" in response.content.decode()
    assert [(task.name, task.args) for task in broker.tasks()] == [
        ("operations.tasks.run_integration_checks", [plan.pk, admin_user.pk])
    ]

    plan_integration_checks_run(plan=plan)
    plan_integration_checks_run(plan=plan)  # a later batch replaces the earlier on the page
    page = admin_client.get(plan.get_absolute_url()).content.decode()
    assert page.count('<span class="badge text-bg-success">Passed</span>') == 1
    assert page.count('<span class="badge text-bg-danger">Failed</span>') == 1
    assert "FHIR capabilities" in page
    assert "connection refused" in page
    portal = vendor_client.get(f"/portal/change-plans/{plan.pk}/").content.decode()
    assert "Imaging studies to the EHR" in portal
    assert "Run integration checks" not in portal  # running probes is the hospital admin's


def test_checks_need_a_probe_the_go_decision_and_the_right(
    plan: ChangePlan, archive: Component, admin_user, staff_user
) -> None:
    with pytest.raises(ValidationError, match="No active probe watches an interface of Enterprise Archive"):
        plan_integration_checks_queue(plan=plan, by=admin_user)
    draft = ready_plan(archive)
    with pytest.raises(ValidationError, match="from the go decision on"):
        plan_integration_checks_queue(plan=draft, by=admin_user)
    with pytest.raises(PermissionDenied):
        plan_integration_checks_queue(plan=plan, by=staff_user)
    assert not PlanIntegrationCheck.objects.exists()


# --- over the API (``/api/v1/change-plans/{id}/integration-checks/``): ``POST`` queues the batch
# through the same service as the page, ``GET`` answers the latest batch as the schema documents.

ROUTE = "/api/v1/change-plans/{id}/integration-checks/"


def route(plan: ChangePlan) -> str:
    return ROUTE.format(id=plan.pk)


def test_an_admin_queues_the_checks_and_reads_the_latest_batch(
    admin_api: APIClient,
    plan: ChangePlan,
    probes: list[Probe],
    admin_user,
    django_assert_max_num_queries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The queue is the edge here: the page's test above proves the same service publishes to the
    # real broker; this one records what the API asks it to publish.
    queued_calls: list[tuple] = []
    monkeypatch.setattr(run_integration_checks, "delay", lambda *args: queued_calls.append(args))
    empty = admin_api.get(route(plan))
    assert empty.status_code == 200
    assert empty.json() == []

    queued = admin_api.post(route(plan))
    assert queued.status_code == 202, queued.content
    assert queued.json() == {
        "probes": 2,
        "detail": "Integration checks queued: 2 probes run in a moment; reload the page to see the results.",
    }
    assert_matches_schema(queued, ROUTE, "POST")
    assert queued_calls == [(plan.pk, admin_user.pk)]

    plan_integration_checks_run(plan=plan, requested_by=admin_user)
    latest = plan_integration_checks_run(plan=plan, requested_by=admin_user)  # the later batch is answered
    with django_assert_max_num_queries(8):
        answer = admin_api.get(route(plan))
    assert answer.status_code == 200
    assert_matches_schema(answer, ROUTE)
    body = answer.json()
    assert sorted(row["id"] for row in body) == sorted(check.pk for check in latest)
    by_probe = {row["probe_name"]: row for row in body}
    fhir_row, down_row = by_probe["EHR FHIR"], by_probe["Orders over MLLP"]
    assert (fhir_row["interface_name"], fhir_row["probe_kind"], fhir_row["requested_by"]) == (
        "Imaging studies to the EHR",
        "fhir",
        admin_user.username,
    )
    assert (fhir_row["run"]["ok"], fhir_row["run"]["reachable"]) == (True, True)
    assert [result["check"] for result in fhir_row["run"]["results"]] == ["fhir_metadata", "fhir_search"]
    assert (down_row["run"]["ok"], down_row["run"]["results"][0]["reason"]) == (False, "connection refused")
    stored = PlanIntegrationCheck.objects.get(pk=fhir_row["id"])
    assert stored.probe_run_id == fhir_row["run"]["id"]


def test_the_refusals_answer_400_with_the_reason_and_queue_nothing(
    admin_api: APIClient, plan: ChangePlan, archive: Component, broker: Broker
) -> None:
    unwatched = admin_api.post(route(plan))
    assert unwatched.status_code == 400
    reason = f"No active probe watches an interface of {archive}: add one on the probes page first."
    assert unwatched.json() == {"non_field_errors": [reason]}
    assert_matches_schema(unwatched, ROUTE, "POST")
    draft = ready_plan(archive)
    early = admin_api.post(route(draft))
    assert early.status_code == 400
    assert early.json() == {"non_field_errors": ["Integration checks run from the go decision on."]}
    assert broker.tasks() == []


def test_only_hospital_admins_run_them_and_vendor_users_read_their_own(
    staff_api: APIClient,
    vendor_api: APIClient,
    other_vendor,
    plan: ChangePlan,
    probes: list[Probe],
    broker: Broker,
) -> None:
    assert staff_api.post(route(plan)).status_code == 403
    assert vendor_api.post(route(plan)).status_code == 403
    assert broker.tasks() == []

    plan_integration_checks_run(plan=plan)
    own = vendor_api.get(route(plan))
    assert own.status_code == 200
    assert {row["probe_name"] for row in own.json()} == {"EHR FHIR", "Orders over MLLP"}
    assert len(staff_api.get(route(plan)).json()) == 2
    stranger = APIClient()
    stranger.force_authenticate(VendorUserFactory(vendor=other_vendor))
    assert stranger.get(route(plan)).status_code == 404
