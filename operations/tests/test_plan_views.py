"""Upgrade and change plans in the hospital UI and the portal: the list in flat queries, drafting
through the service (errors at the form, nothing stored), the page offering each role only its
moves, a plan walked from draft to done through the pages, the vendor confined to its own plans."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from operations.models import ChangePlan, ComponentLifecycle, PlanCheck
from operations.tests.factories import lifecycle_for, plan_for, ready_plan
from slas.models import MaintenanceWindow
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
LIST = "/operations/plans/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle_for(component, software_version="7.2")
    return component


def local(instant: datetime.datetime) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%dT%H:%M}"


def plan_data(component: Component, **fields: object) -> dict[str, object]:
    start = timezone.now() + datetime.timedelta(days=10)
    return {
        "component": component.pk,
        "title": "Archive to 7.3",
        "kind": "minor",
        "to_version": "7.3",
        "to_patch_level": "",
        "window_start": local(start),
        "window_end": local(start + datetime.timedelta(hours=3)),
        "description": "",
        "rollback_plan": "Restore the snapshot.",
        **fields,
    }


def test_the_list_shows_plans_in_flat_queries(admin_client: Client, archive, django_assert_max_num_queries) -> None:
    for number in range(3):
        ready_plan(ComponentFactory(vendor=archive.vendor, name=f"Viewer {number}"), title=f"Viewer patch {number}")
    with django_assert_max_num_queries(12):
        html = admin_client.get(LIST).content.decode()
    assert html.count("Viewer patch") == 3
    assert "7.3" in html


def test_the_empty_list_says_what_a_plan_is(admin_client: Client) -> None:
    assert "No upgrade or change plans yet" in admin_client.get(LIST).content.decode()


def test_an_admin_drafts_a_plan_from_the_component_release(admin_client: Client, archive) -> None:
    response = admin_client.post(f"{LIST}add/", plan_data(archive))
    plan = ChangePlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.state, plan.from_version, plan.to_version, plan.vendor_id) == (
        "draft",
        "7.2",
        "7.3",
        archive.vendor_id,
    )


def test_an_older_target_is_an_error_at_the_form(admin_client: Client, archive) -> None:
    response = admin_client.post(f"{LIST}add/", plan_data(archive, to_version="7.1"))
    assert response.status_code == 200
    assert "plan a newer release" in response.content.decode()
    assert not ChangePlan.objects.exists()


def test_a_window_ending_before_it_starts_is_refused(admin_client: Client, archive) -> None:
    start = timezone.now() + datetime.timedelta(days=3)
    data = plan_data(archive, window_start=local(start), window_end=local(start - datetime.timedelta(hours=1)))
    assert "The window must end after it starts." in admin_client.post(f"{LIST}add/", data).content.decode()
    assert not ChangePlan.objects.exists()


def test_staff_read_but_are_offered_no_moves(staff_client: Client, archive) -> None:
    plan = ready_plan(archive)
    html = staff_client.get(plan.get_absolute_url()).content.decode()
    assert "Backup verified" in html
    assert 'value="propose"' not in html
    assert "Add step" not in html
    assert staff_client.post(f"{LIST}{plan.pk}/act/", {"action": "propose"}).status_code == 403
    assert ChangePlan.objects.get().state == "draft"


def test_a_plan_walks_from_draft_to_done_through_the_pages(
    admin_client: Client, vendor_client: Client, archive
) -> None:
    plan = plan_for(archive)
    act = f"/portal/change-plans/{plan.pk}/act/"
    vendor_client.post(
        act, {"action": "add_step", "step-description": "Install 7.3", "step-side": "vendor", "step-owner": "Bob"}
    )
    vendor_client.post(act, {"action": "add_check", "check-stage": "go_no_go", "check-description": "Backup verified"})
    html = vendor_client.get(f"/portal/change-plans/{plan.pk}/").content.decode()
    assert "Install 7.3" in html
    assert 'value="approve"' not in html
    vendor_client.post(act, {"action": "propose"})
    assert ChangePlan.objects.get().state == "proposed"
    hospital_act = f"{LIST}{plan.pk}/act/"
    admin_client.post(hospital_act, {"action": "approve"})
    assert MaintenanceWindow.objects.get().state == "approved"
    response = admin_client.post(hospital_act, {"action": "go", "decision": "go", "note": ""}, follow=True)
    assert "No go while items are open: Backup verified." in response.content.decode()
    check = PlanCheck.objects.get()
    vendor_client.post(act, {"action": "sign", "check": check.pk, "signed_by_name": "Tobias Vendor"})
    admin_client.post(hospital_act, {"action": "go", "decision": "go", "note": "All green"})
    assert ChangePlan.objects.get().state == "go"
    vendor_client.post(act, {"action": "start"})
    vendor_client.post(act, {"action": "complete", "outcome": "success", "note": "", "incident": ""})
    plan.refresh_from_db()
    assert plan.state == "done"
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.3"
    assert "Success" in admin_client.get(plan.get_absolute_url()).content.decode()


def test_a_vendor_cannot_approve_through_the_portal(vendor_client: Client, archive) -> None:
    plan = ready_plan(archive, state="proposed")
    response = vendor_client.post(f"/portal/change-plans/{plan.pk}/act/", {"action": "approve"})
    assert response.status_code == 403
    assert ChangePlan.objects.get().state == "proposed"


def test_another_vendors_plan_is_not_found_in_the_portal(vendor_client: Client, other_vendor) -> None:
    plan = ready_plan(ComponentFactory(vendor=other_vendor))
    assert vendor_client.get(f"/portal/change-plans/{plan.pk}/").status_code == 404
    assert vendor_client.post(f"/portal/change-plans/{plan.pk}/act/", {"action": "propose"}).status_code == 404


def test_the_vendor_drafts_in_the_portal_for_its_own_components_only(
    vendor_client: Client, archive, other_vendor
) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign archive")
    form = vendor_client.get("/portal/change-plans/add/").content.decode()
    assert "Enterprise Archive" in form
    assert "Foreign archive" not in form
    assert vendor_client.post("/portal/change-plans/add/", plan_data(foreign)).status_code == 200
    assert not ChangePlan.objects.exists()
    response = vendor_client.post("/portal/change-plans/add/", plan_data(archive))
    assert response.status_code == 302
    assert ChangePlan.objects.get().created_by.vendor_id == archive.vendor_id


def test_the_component_lifecycle_page_lists_its_plans_linked_for_each_audience(
    admin_client: Client, vendor_client: Client, archive
) -> None:
    plan = ready_plan(archive, title="Archive to 7.3")
    hospital = admin_client.get(f"/operations/lifecycle/{archive.pk}/").content.decode()
    assert f'href="/operations/plans/{plan.pk}/"' in hospital
    assert "Draft" in hospital
    portal = vendor_client.get(f"/portal/lifecycle/{archive.pk}/").content.decode()
    assert f'href="/portal/change-plans/{plan.pk}/"' in portal
    empty = admin_client.get(f"/operations/lifecycle/{ComponentFactory(vendor=archive.vendor).pk}/").content.decode()
    assert "No upgrade or change planned for this component." in empty


@pytest.mark.parametrize("check", ["abc", "99999999999", ""])
def test_a_malformed_item_id_is_a_message_not_an_error(admin_client: Client, archive, check: str) -> None:
    plan = ready_plan(archive)
    response = admin_client.post(
        f"{LIST}{plan.pk}/act/", {"action": "sign", "check": check, "signed_by_name": "X"}, follow=True
    )
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    assert PlanCheck.objects.get().is_open
