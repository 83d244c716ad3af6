"""The test-protocol API: hospital admins keep templates; a plan takes a template's cases or its
own; results recorded while the change is in progress; a failed case opens a ticket. Refusals are
400s naming the reason, 403s for the wrong role, 404s for another vendor's cases, nothing stored."""

import pytest
from rest_framework.test import APIClient

from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate
from operations.tests.factories import case_for, lifecycle_for, protocol_template, ready_plan
from tickets.models import Ticket
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
TEMPLATES, CASES = "/api/v1/protocol-templates/", "/api/v1/plan-test-cases/"
Result = PlanTestCase.Result


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive", kind="archive")
    lifecycle_for(component, software_version="7.2")
    return component


def test_an_admin_adds_a_template_with_cases(admin_api: APIClient) -> None:
    response = admin_api.post(TEMPLATES, {"name": "HL7 orders", "component_kind": "ris_hl7"}, format="json")
    assert response.status_code == 201, response.content
    template = ProtocolTemplate.objects.get()
    response = admin_api.post(
        f"{TEMPLATES}{template.pk}/cases/",
        {"title": "ORM accepted", "expected_result": "ACK AA", "mandatory": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["position"] == 1
    listed = admin_api.get(TEMPLATES).json()["results"]
    assert [(row["name"], [case["title"] for case in row["cases"]]) for row in listed] == [
        ("HL7 orders", ["ORM accepted"])
    ]


def test_vendors_read_templates_but_do_not_keep_them(vendor_api: APIClient) -> None:
    protocol_template()
    assert [row["name"] for row in vendor_api.get(TEMPLATES).json()["results"]] == ["DICOM query/retrieve"]
    response = vendor_api.post(TEMPLATES, {"name": "Mine", "component_kind": "viewer"}, format="json")
    assert response.status_code == 403
    assert ProtocolTemplate.objects.count() == 1


def test_a_vendor_gives_its_plan_a_templates_cases_and_its_own(vendor_api: APIClient, archive) -> None:
    plan = ready_plan(archive)
    template = protocol_template(cases=2)
    response = vendor_api.post(f"{CASES}from-template/", {"plan": plan.pk, "template": template.pk}, format="json")
    assert response.status_code == 201, response.content
    assert [row["position"] for row in response.json()] == [1, 2]
    response = vendor_api.post(
        CASES, {"plan": plan.pk, "title": "Priors", "expected_result": "Shown", "mandatory": True}, format="json"
    )
    assert response.status_code == 201, response.content
    assert list(plan.test_cases.values_list("position", "title", "mandatory")) == [
        (1, "DICOM query/retrieve case 1", True),
        (2, "DICOM query/retrieve case 2", False),
        (3, "Priors", True),
    ]


def test_a_template_of_another_kind_is_a_400_naming_the_field(admin_api: APIClient, archive) -> None:
    plan = ready_plan(archive)
    template = protocol_template("viewer", name="Viewer launch")
    response = admin_api.post(f"{CASES}from-template/", {"plan": plan.pk, "template": template.pk}, format="json")
    assert response.status_code == 400
    assert "tests Viewer components" in response.json()["template"][0]
    assert not plan.test_cases.exists()


def test_results_are_recorded_and_the_done_waits_for_mandatory_passes(
    vendor_api: APIClient, vendor_user, archive
) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case = case_for(plan)
    response = vendor_api.post(f"/api/v1/change-plans/{plan.pk}/complete/", {"outcome": "success"}, format="json")
    assert response.status_code == 400
    assert "mandatory test cases have not passed" in response.json()["outcome"][0]
    response = vendor_api.post(f"{CASES}{case.pk}/result/", {"result": "pass"}, format="json")
    assert response.status_code == 200
    assert (response.json()["result"], response.json()["recorded_by"]) == ("pass", vendor_user.pk)
    response = vendor_api.post(f"/api/v1/change-plans/{plan.pk}/complete/", {"outcome": "success"}, format="json")
    assert response.status_code == 200
    assert ChangePlan.objects.get(pk=plan.pk).state == ChangePlan.State.DONE


def test_a_fail_without_notes_is_a_400(vendor_api: APIClient, archive) -> None:
    case = case_for(ready_plan(archive, state=ChangePlan.State.IN_PROGRESS))
    response = vendor_api.post(f"{CASES}{case.pk}/result/", {"result": "fail"}, format="json")
    assert response.status_code == 400
    assert "notes" in response.json()
    assert PlanTestCase.objects.get(pk=case.pk).result == Result.NOT_RUN


def test_another_vendors_case_is_a_404(vendor_api: APIClient, other_vendor) -> None:
    foreign = case_for(ready_plan(ComponentFactory(vendor=other_vendor), state=ChangePlan.State.IN_PROGRESS))
    assert vendor_api.get(CASES).json()["results"] == []
    response = vendor_api.post(f"{CASES}{foreign.pk}/result/", {"result": "pass"}, format="json")
    assert response.status_code == 404
    assert PlanTestCase.objects.get(pk=foreign.pk).result == Result.NOT_RUN


def test_hospital_staff_open_a_ticket_for_a_failed_case_vendors_cannot(
    staff_api: APIClient, vendor_api: APIClient, archive
) -> None:
    plan = ready_plan(archive, state=ChangePlan.State.IN_PROGRESS)
    case = case_for(plan, result=Result.FAIL, notes="Timeout", recorded_at=plan.window_start)
    assert vendor_api.post(f"{CASES}{case.pk}/ticket/", {"severity": "P2"}, format="json").status_code == 403
    response = staff_api.post(f"{CASES}{case.pk}/ticket/", {"severity": "P2"}, format="json")
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get()
    assert response.json()["ticket"] == ticket.pk
    assert ticket.severity == "P2"


def test_the_case_list_in_flat_queries(admin_api: APIClient, archive, django_assert_max_num_queries) -> None:
    for number in range(3):
        plan = ready_plan(ComponentFactory(vendor=archive.vendor, kind="archive"), title=f"Plan {number}")
        case_for(plan)
        case_for(plan, title="Second")
    with django_assert_max_num_queries(8):
        rows = admin_api.get(CASES).json()["results"]
    assert len(rows) == 6
