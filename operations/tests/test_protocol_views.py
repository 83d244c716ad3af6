"""Test protocols in the hospital UI and the portal: templates kept by hospital admins (list in
flat queries, cases added and removed), a plan's page showing its protocol and offering each role
only what it may do, results recorded by the vendor in the portal, the done refused at the page
while a mandatory case has not passed, and a failed case opening a ticket."""

import pytest
from django.test import Client

from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate
from operations.tests.factories import case_for, lifecycle_for, protocol_template, ready_plan
from tickets.models import Ticket
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
TEMPLATES = "/operations/protocols/"
Result = PlanTestCase.Result


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive", kind="archive")
    lifecycle_for(component, software_version="7.2")
    return component


def test_the_template_list_in_flat_queries(admin_client: Client, django_assert_max_num_queries) -> None:
    for number in range(3):
        protocol_template(name=f"Archive checks {number}", cases=3)
    with django_assert_max_num_queries(10):
        html = admin_client.get(TEMPLATES).content.decode()
    assert html.count("Archive checks") == 3
    assert 'href="/operations/protocols/add/"' in html


def test_the_empty_template_list_says_what_a_template_is(staff_client: Client) -> None:
    html = staff_client.get(TEMPLATES).content.decode()
    assert "No test-protocol templates yet" in html
    assert 'href="/operations/protocols/add/"' not in html


def test_an_admin_adds_a_template_and_its_cases(admin_client: Client) -> None:
    response = admin_client.post(
        "/operations/protocols/add/", {"name": "Viewer launch", "component_kind": "viewer", "active": "on"}
    )
    template = ProtocolTemplate.objects.get()
    assert response.headers["Location"] == f"/operations/protocols/{template.pk}/"
    cases_url = f"/operations/protocols/{template.pk}/cases/"
    admin_client.post(
        cases_url, {"action": "add", "title": "Launch from the RIS", "expected_result": "Opens", "mandatory": "on"}
    )
    admin_client.post(cases_url, {"action": "add", "title": "Hanging protocol", "expected_result": "As set"})
    assert list(template.cases.values_list("position", "title", "mandatory")) == [
        (1, "Launch from the RIS", True),
        (2, "Hanging protocol", False),
    ]
    admin_client.post(cases_url, {"action": "remove", "case": template.cases.get(position=1).pk})
    assert list(template.cases.values_list("title", flat=True)) == ["Hanging protocol"]
    html = admin_client.get(f"/operations/protocols/{template.pk}/").content.decode()
    assert "Hanging protocol" in html
    assert 'value="remove"' in html


def test_a_case_without_a_title_is_a_message_and_nothing_stored(admin_client: Client) -> None:
    template = protocol_template(cases=0)
    response = admin_client.post(
        f"/operations/protocols/{template.pk}/cases/",
        {"action": "add", "title": "", "expected_result": "x"},
        follow=True,
    )
    assert "Not saved: Title: This field is required." in response.content.decode()
    assert not template.cases.exists()


def test_staff_cannot_add_template_cases(staff_client: Client) -> None:
    template = protocol_template(cases=0)
    response = staff_client.post(
        f"/operations/protocols/{template.pk}/cases/", {"action": "add", "title": "x", "expected_result": "x"}
    )
    assert response.status_code == 403
    assert not template.cases.exists()


def test_a_vendor_applies_the_template_of_its_components_kind_in_the_portal(vendor_client: Client, archive) -> None:
    plan = ready_plan(archive)
    template = protocol_template(cases=2)
    protocol_template("viewer", name="Viewer launch")
    page = vendor_client.get(f"/portal/change-plans/{plan.pk}/").content.decode()
    assert 'value="apply_template"' in page
    assert "DICOM query/retrieve" in page
    assert "Viewer launch" not in page
    response = vendor_client.post(
        f"/portal/change-plans/{plan.pk}/act/", {"action": "apply_template", "template": template.pk}, follow=True
    )
    assert "2 test cases added from “DICOM query/retrieve”." in response.content.decode()
    assert plan.test_cases.count() == 2


def test_the_vendor_records_results_in_the_portal(vendor_client: Client, vendor_user, archive) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case = case_for(plan, title="C-FIND by accession")
    page = vendor_client.get(f"/portal/change-plans/{plan.pk}/").content.decode()
    assert 'value="record_case"' in page
    assert 'value="case_ticket"' not in page
    vendor_client.post(
        f"/portal/change-plans/{plan.pk}/act/",
        {"action": "record_case", "case": case.pk, "result": "fail", "notes": "No answer from the archive"},
    )
    case.refresh_from_db()
    assert (case.result, case.notes, case.recorded_by) == (Result.FAIL, "No answer from the archive", vendor_user)


def test_a_fail_without_notes_is_a_message_and_nothing_stored(vendor_client: Client, archive) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case = case_for(plan)
    response = vendor_client.post(
        f"/portal/change-plans/{plan.pk}/act/",
        {"action": "record_case", "case": case.pk, "result": "fail", "notes": ""},
        follow=True,
    )
    assert "Not saved: Say what happened" in response.content.decode()
    assert PlanTestCase.objects.get(pk=case.pk).result == Result.NOT_RUN


def test_another_vendors_case_is_not_found(vendor_client: Client, archive, other_vendor) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    foreign = case_for(ready_plan(ComponentFactory(vendor=other_vendor), state=ChangePlan.State.IN_PROGRESS))
    response = vendor_client.post(
        f"/portal/change-plans/{plan.pk}/act/", {"action": "record_case", "case": foreign.pk, "result": "pass"}
    )
    assert response.status_code == 404
    assert PlanTestCase.objects.get(pk=foreign.pk).result == Result.NOT_RUN


def test_done_is_refused_at_the_page_while_a_mandatory_case_has_not_passed(admin_client: Client, archive) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case_for(plan, title="Priors retrieved")
    page = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert "1 mandatory test case not passed" in page
    response = admin_client.post(
        f"/operations/plans/{plan.pk}/act/", {"action": "complete", "outcome": "success"}, follow=True
    )
    assert "Not done while mandatory test cases have not passed: 1. Priors retrieved." in response.content.decode()
    assert ChangePlan.objects.get(pk=plan.pk).state == ChangePlan.State.IN_PROGRESS


def test_a_failed_case_opens_a_ticket_from_the_hospital_page(admin_client: Client, archive) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case = case_for(plan, result=Result.FAIL, notes="Timeout", recorded_at=plan.window_start)
    page = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert 'value="case_ticket"' in page
    admin_client.post(f"/operations/plans/{plan.pk}/act/", {"action": "case_ticket", "case": case.pk, "severity": "P2"})
    ticket = Ticket.objects.get()
    assert (PlanTestCase.objects.get(pk=case.pk).ticket, ticket.severity) == (ticket, "P2")
    page = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert f"/tickets/{ticket.pk}/" in page
    assert 'value="case_ticket"' not in page


def test_the_plan_page_shows_its_protocol_in_flat_queries(
    admin_client: Client, archive, django_assert_max_num_queries
) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    for number in range(4):
        case_for(plan, title=f"Case number {number}", result=Result.FAIL, notes="x", recorded_at=plan.window_start)
    with django_assert_max_num_queries(25):
        html = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert html.count("Case number") == 4
    assert "4 failed" in html
