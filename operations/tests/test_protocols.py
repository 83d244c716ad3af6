"""Test protocols of change plans (operations.services.protocols): templates per component kind
copied to a plan, results recorded after the change by whom and when, the gate that keeps a plan
from being done while a mandatory case has not passed, and the ticket a failed case opens."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate
from operations.services import plans as plan_services
from operations.services import protocols as services
from operations.tests.factories import case_for, lifecycle_for, protocol_template, ready_plan
from tickets.models import Ticket
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
State = ChangePlan.State
Result = PlanTestCase.Result


@pytest.fixture
def component(vendor):
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive", kind="archive")
    lifecycle_for(component, software_version="7.2")
    return component


def in_progress(component, **fields):
    return ready_plan(component, state=State.IN_PROGRESS, **fields)


def test_a_template_is_copied_in_order_after_the_plans_own_cases(component, vendor_user):
    plan = ready_plan(component)
    services.case_add(plan=plan, title="Own case", expected_result="Works", mandatory=False, by=vendor_user)
    template = protocol_template(cases=2)
    services.protocol_from_template(plan=plan, template=template, by=vendor_user)
    rows = list(plan.test_cases.order_by("position").values_list("position", "title", "mandatory", "template"))
    assert rows == [
        (1, "Own case", False, None),
        (2, "DICOM query/retrieve case 1", True, template.pk),
        (3, "DICOM query/retrieve case 2", False, template.pk),
    ]


def test_applying_a_template_twice_adds_nothing(component, vendor_user):
    plan = ready_plan(component)
    template = protocol_template()
    services.protocol_from_template(plan=plan, template=template, by=vendor_user)
    with pytest.raises(ValidationError) as error:
        services.protocol_from_template(plan=plan, template=template, by=vendor_user)
    assert "every case" in error.value.message_dict["template"][0]
    assert plan.test_cases.count() == 2


def test_a_template_of_another_component_kind_is_refused(component, admin_user):
    plan = ready_plan(component)
    with pytest.raises(ValidationError) as error:
        services.protocol_from_template(plan=plan, template=protocol_template("ris_hl7", name="HL7"), by=admin_user)
    assert "tests RIS/HL7 interface components" in error.value.message_dict["template"][0]
    assert not plan.test_cases.exists()


def test_cases_are_added_until_the_go(component, admin_user):
    plan = in_progress(component)
    with pytest.raises(ValidationError, match="until the go"):
        services.case_add(plan=plan, title="Late", expected_result="x", mandatory=True, by=admin_user)
    assert not plan.test_cases.exists()


def test_hospital_staff_cannot_add_cases(component, staff_user):
    with pytest.raises(PermissionDenied):
        services.case_add(plan=ready_plan(component), title="x", expected_result="x", mandatory=True, by=staff_user)


def test_a_result_is_recorded_with_who_and_when(component, vendor_user, time_machine):
    time_machine.move_to("2026-03-02 10:15:00+00:00", tick=False)
    case = case_for(in_progress(component))
    services.case_record(case=case, result=Result.PASS, by=vendor_user)
    case.refresh_from_db()
    assert (case.result, case.recorded_by, case.recorded_at.isoformat()) == (
        Result.PASS,
        vendor_user,
        "2026-03-02T10:15:00+00:00",
    )


@pytest.mark.parametrize("result", [Result.FAIL, Result.NOT_RUN])
def test_a_fail_or_not_run_says_why(component, vendor_user, result):
    case = case_for(in_progress(component))
    with pytest.raises(ValidationError) as error:
        services.case_record(case=case, result=result, notes="  ", by=vendor_user)
    assert "Say what happened" in error.value.message_dict["notes"][0]
    assert PlanTestCase.objects.get(pk=case.pk).result == Result.NOT_RUN


def test_results_are_recorded_only_while_the_change_is_in_progress(component, admin_user):
    case = case_for(ready_plan(component, state=State.GO))
    with pytest.raises(ValidationError, match="while the change is in progress"):
        services.case_record(case=case, result=Result.PASS, by=admin_user)


def test_another_vendors_user_cannot_record(component, other_vendor):
    from accounts.tests.factories import VendorUserFactory

    case = case_for(in_progress(component))
    with pytest.raises(PermissionDenied):
        services.case_record(case=case, result=Result.PASS, by=VendorUserFactory(vendor=other_vendor))
    assert PlanTestCase.objects.get(pk=case.pk).result == Result.NOT_RUN


def test_the_plan_is_not_done_while_a_mandatory_case_has_not_passed(component, admin_user):
    plan = in_progress(component)
    failed = case_for(plan, title="C-MOVE to the viewer")
    case_for(plan, title="Optional smoke test", mandatory=False)
    services.case_record(case=failed, result=Result.FAIL, notes="Timeout after 30 s", by=admin_user)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_complete(plan=plan, outcome="success", by=admin_user)
    assert error.value.message_dict["outcome"] == [
        "Not done while mandatory test cases have not passed: 1. C-MOVE to the viewer. "
        "Record their results, or record a rollback."
    ]
    plan.refresh_from_db()
    assert (plan.state, plan.version_change) == (State.IN_PROGRESS, None)
    services.case_record(case=failed, result=Result.PASS, notes="Passed after the fix", by=admin_user)
    plan = plan_services.plan_complete(plan=plan, outcome="success", by=admin_user)
    assert plan.state == State.DONE


def test_a_rollback_needs_no_passed_cases(component, admin_user):
    plan = in_progress(component)
    case_for(plan)
    plan = plan_services.plan_complete(plan=plan, outcome="rollback", note="DICOM failing", by=admin_user)
    assert plan.state == State.ROLLED_BACK


def test_a_failed_case_opens_one_ticket_with_the_vendor(component, admin_user):
    plan = in_progress(component)
    case = case_for(plan, title="Priors fetched for the worklist")
    services.case_record(case=case, result=Result.FAIL, notes="No priors shown", by=admin_user)
    ticket = services.case_open_ticket(case=case, severity="P2", by=admin_user)
    case.refresh_from_db()
    assert case.ticket == ticket
    assert (ticket.vendor_id, ticket.component_id, ticket.severity, ticket.reporter) == (
        plan.vendor_id,
        component.pk,
        "P2",
        admin_user,
    )
    assert ticket.title == f"Test failed after CP-{plan.pk}: Priors fetched for the worklist"
    assert "What happened: No priors shown" in ticket.description
    with pytest.raises(ValidationError, match="has its ticket already"):
        services.case_open_ticket(case=case, severity="P2", by=admin_user)
    assert Ticket.objects.count() == 1


def test_only_a_failed_case_opens_a_ticket_and_not_by_vendors(component, admin_user, vendor_user):
    case = case_for(in_progress(component))
    with pytest.raises(ValidationError, match="Only a failed case"):
        services.case_open_ticket(case=case, severity="P3", by=admin_user)
    with pytest.raises(PermissionDenied):
        services.case_open_ticket(case=case, severity="P3", by=vendor_user)
    assert not Ticket.objects.exists()


def test_templates_are_kept_by_hospital_admins(admin_user, staff_user):
    template = services.template_save(
        template=ProtocolTemplate(name=" HL7 orders in ", component_kind="ris_hl7"), by=admin_user
    )
    services.template_case_add(
        template=template, title="ORM^O01 accepted", expected_result="ACK AA", mandatory=True, by=admin_user
    )
    services.template_case_add(
        template=template, title="ORU^R01 sent", expected_result="Report in the RIS", mandatory=False, by=admin_user
    )
    assert template.name == "HL7 orders in"
    assert list(template.cases.values_list("position", "title", "mandatory")) == [
        (1, "ORM^O01 accepted", True),
        (2, "ORU^R01 sent", False),
    ]
    with pytest.raises(PermissionDenied):
        services.template_save(template=ProtocolTemplate(name="X", component_kind="viewer"), by=staff_user)


def test_what_each_role_may_do_with_the_protocol(component, admin_user, vendor_user, staff_user):
    plan = in_progress(component)
    assert services.protocol_may(plan, admin_user) == services.ProtocolMay(
        add_case=False, record=True, open_ticket=True
    )
    assert services.protocol_may(plan, vendor_user) == services.ProtocolMay(
        add_case=False, record=True, open_ticket=False
    )
    assert services.protocol_may(plan, staff_user) == services.ProtocolMay(
        add_case=False, record=False, open_ticket=True
    )
    draft = ready_plan(component)
    assert services.protocol_may(draft, vendor_user).add_case is True
