"""The change-plan API: vendors draft, add steps and checks, sign and propose; hospital admins
approve and decide; the outcome moves the version. Refusals are 400s naming the reason, 403s for
the wrong role, 404s for another vendor's plan, with nothing stored."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from operations.models import ChangePlan, ComponentLifecycle, PlanCheck
from operations.tests.factories import lifecycle_for, ready_plan
from slas.models import MaintenanceWindow
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/change-plans/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle_for(component, software_version="7.2")
    return component


def body(component: Component, **fields: object) -> dict[str, object]:
    start = timezone.now() + datetime.timedelta(days=5)
    return {
        "component": component.pk,
        "title": "Archive to 7.3",
        "kind": "minor",
        "to_version": "7.3",
        "window_start": start.isoformat(),
        "window_end": (start + datetime.timedelta(hours=2)).isoformat(),
        "rollback_plan": "Snapshot restore.",
        **fields,
    }


def test_a_plan_goes_from_draft_to_done_through_the_api(
    vendor_api: APIClient, admin_api: APIClient, archive: Component
) -> None:
    created = vendor_api.post(PLANS, body(archive), format="json")
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]
    assert created.json()["from_version"] == "7.2"
    url = f"{PLANS}{plan_id}/"
    step = vendor_api.post(f"{url}steps/", {"description": "Install", "side": "vendor", "owner": "Bob"}, format="json")
    assert step.status_code == 201
    assert step.json()["position"] == 1
    check = vendor_api.post(f"{url}checks/", {"stage": "go_no_go", "description": "Backup OK"}, format="json")
    assert check.status_code == 201
    assert vendor_api.post(f"{url}propose/").json()["state"] == "proposed"
    assert vendor_api.post(f"{url}approve/").status_code == 403
    approved = admin_api.post(f"{url}approve/").json()
    assert approved["state"] == "approved"
    assert MaintenanceWindow.objects.get().pk == approved["maintenance_window"]
    refused = admin_api.post(f"{url}go/", {"go": True}, format="json")
    assert refused.status_code == 400
    assert "No go while items are open: Backup OK." in str(refused.json())
    signed = vendor_api.post(f"{url}sign/", {"check": check.json()["id"], "signed_by_name": "T. Vendor"}, format="json")
    assert signed.json()["checks"][0]["signed_by_name"] == "T. Vendor"
    assert admin_api.post(f"{url}go/", {"go": True}, format="json").json()["state"] == "go"
    assert vendor_api.post(f"{url}start/").json()["state"] == "in_progress"
    done = vendor_api.post(f"{url}complete/", {"outcome": "success"}, format="json").json()
    assert done["state"] == "done"
    assert done["version_change"] is not None
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.3"


def test_a_target_older_than_the_current_release_is_a_400(vendor_api: APIClient, archive: Component) -> None:
    response = vendor_api.post(PLANS, body(archive, to_version="7.0"), format="json")
    assert response.status_code == 400
    assert "plan a newer release" in str(response.json()["to_version"])
    assert not ChangePlan.objects.exists()


def test_another_vendors_plan_is_a_404(vendor_api: APIClient, other_vendor: Vendor) -> None:
    plan = ready_plan(ComponentFactory(vendor=other_vendor))
    assert vendor_api.get(f"{PLANS}{plan.pk}/").status_code == 404
    assert vendor_api.post(f"{PLANS}{plan.pk}/propose/").status_code == 404
    assert ChangePlan.objects.get().state == "draft"


def test_signing_an_item_of_another_plan_is_a_404(admin_api: APIClient, archive: Component) -> None:
    plan, other = ready_plan(archive), ready_plan(ComponentFactory(vendor=archive.vendor))
    foreign = other.checks.get()
    response = admin_api.post(f"{PLANS}{plan.pk}/sign/", {"check": foreign.pk, "signed_by_name": "X"}, format="json")
    assert response.status_code == 404
    assert PlanCheck.objects.get(pk=foreign.pk).is_open


def test_staff_read_plans_in_flat_queries(
    staff_api: APIClient, archive: Component, django_assert_max_num_queries
) -> None:
    for number in range(4):
        ready_plan(ComponentFactory(vendor=archive.vendor), title=f"Plan {number}")
    with django_assert_max_num_queries(10):
        response = staff_api.get(PLANS)
    assert response.json()["count"] == 4
    assert len(response.json()["results"][0]["steps"]) == 2
    assert staff_api.post(PLANS, body(archive), format="json").status_code == 403


def test_a_rollback_without_a_note_is_a_400(admin_api: APIClient, archive: Component) -> None:
    plan = ready_plan(archive, state="in_progress")
    response = admin_api.post(f"{PLANS}{plan.pk}/complete/", {"outcome": "rollback"}, format="json")
    assert response.status_code == 400
    assert "Say what made you roll back." in str(response.json())
    assert ChangePlan.objects.get().state == "in_progress"


def test_an_item_id_out_of_range_is_a_400(admin_api: APIClient, archive: Component) -> None:
    plan = ready_plan(archive)
    response = admin_api.post(f"{PLANS}{plan.pk}/sign/", {"check": 2**40, "signed_by_name": "X"}, format="json")
    assert response.status_code == 400
    assert "check" in response.json()
