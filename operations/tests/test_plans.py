"""Upgrade and change plans (operations.services.plans): the state machine from draft to done or
rolled back, each refused move with its reason and nothing written, the maintenance window made
through slas, the component's version changed on success, the notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from operations.models import ChangePlan, ComponentLifecycle, PlanCheck, VersionChange
from operations.services import plans as services
from operations.tests.factories import lifecycle_for, plan_for, ready_plan
from slas.models import MaintenanceWindow
from slas.tests.factories import incident_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
State = ChangePlan.State


@pytest.fixture
def component(vendor):
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle_for(component, software_version="7.2", patch_level="SP1")
    return component


def through_go(plan, admin_user):
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    for check in plan.checks.all():
        services.plan_check_sign(check=check, signed_by_name="Dr Ada Lind", by=admin_user)
    return services.plan_decide_go(plan=plan, go=True, by=admin_user)


def test_a_new_plan_starts_from_the_release_the_component_runs(component, vendor_user):
    plan = ChangePlan(component=component, title="To 7.3", to_version=" 7.3 ", **window())
    services.plan_save(plan=plan, by=vendor_user)
    plan.refresh_from_db()
    assert (plan.state, plan.vendor_id, plan.from_version, plan.from_patch_level, plan.to_version) == (
        State.DRAFT,
        component.vendor_id,
        "7.2",
        "SP1",
        "7.3",
    )
    assert plan.created_by == vendor_user


def window(days=7, hours=4):
    start = timezone.now() + datetime.timedelta(days=days)
    return {"window_start": start, "window_end": start + datetime.timedelta(hours=hours)}


@pytest.mark.parametrize("target", ["7.2", "7.1", "7.2 SP0"])
def test_a_plan_must_go_to_a_newer_release(component, admin_user, target):
    version, _, patch = target.partition(" ")
    plan = ChangePlan(component=component, title="Back", to_version=version, to_patch_level=patch, **window())
    with pytest.raises(ValidationError) as error:
        services.plan_save(plan=plan, by=admin_user)
    assert "plan a newer release" in error.value.message_dict["to_version"][0]
    assert not ChangePlan.objects.exists()


def test_a_vendor_plans_only_for_its_own_components(other_vendor, vendor_user):
    foreign = ComponentFactory(vendor=other_vendor)
    with pytest.raises(PermissionDenied):
        services.plan_save(plan=ChangePlan(component=foreign, title="X", to_version="9", **window()), by=vendor_user)
    assert not ChangePlan.objects.exists()


def test_hospital_staff_cannot_draft(component, staff_user):
    with pytest.raises(PermissionDenied):
        services.plan_save(plan=ChangePlan(component=component, title="X", to_version="9", **window()), by=staff_user)


def test_steps_are_numbered_in_order(component, vendor_user):
    plan = plan_for(component)
    services.plan_step_add(plan=plan, description="Snapshot", side="hospital", owner="Ann", by=vendor_user)
    services.plan_step_add(plan=plan, description="Install", side="vendor", owner="Bob", by=vendor_user)
    assert list(plan.steps.values_list("position", "description", "owner")) == [
        (1, "Snapshot", "Ann"),
        (2, "Install", "Bob"),
    ]


def test_proposing_needs_steps_a_rollback_plan_and_a_go_item(component, vendor_user):
    plan = plan_for(component, rollback_plan="")
    with pytest.raises(ValidationError) as error:
        services.plan_propose(plan=plan, by=vendor_user)
    assert error.value.messages == [
        "Before proposing, give the plan its steps, a rollback plan, at least one go/no-go item."
    ]
    plan.refresh_from_db()
    assert plan.state == State.DRAFT


def test_a_proposal_tells_the_hospital_admins(component, vendor_user, admin_user):
    plan = services.plan_propose(plan=ready_plan(component), by=vendor_user)
    assert plan.state == State.PROPOSED
    assert plan.proposed_at is not None
    notice = Notification.objects.get(event_type="change_plan_proposed")
    assert notice.recipient == admin_user
    assert str(plan) in notice.title


def test_approval_makes_the_window_approved_maintenance_and_tells_the_vendor(component, vendor_user, admin_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=vendor_user)
    plan = services.plan_approve(plan=plan, by=admin_user)
    window = MaintenanceWindow.objects.get()
    assert plan.maintenance_window == window
    assert plan.state == State.APPROVED
    assert (window.state, window.planned_start, window.vendor_id) == (
        MaintenanceWindow.State.APPROVED,
        plan.window_start,
        component.vendor_id,
    )
    assert list(window.components.all()) == [component]
    assert Notification.objects.filter(event_type="change_plan_approved", recipient=vendor_user).exists()


def test_a_vendor_cannot_approve(component, vendor_user):
    plan = services.plan_propose(plan=ready_plan(component), by=vendor_user)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=vendor_user)
    assert not MaintenanceWindow.objects.exists()


def test_no_go_while_an_item_is_open(component, admin_user):
    plan = ready_plan(component)
    PlanCheck.objects.create(plan=plan, stage=PlanCheck.Stage.PRE_CHECK, description="Disk space over 20 %")
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    services.plan_check_sign(check=plan.checks.get(stage="go_no_go"), signed_by_name="Dr Lind", by=admin_user)
    with pytest.raises(ValidationError) as error:
        services.plan_decide_go(plan=plan, go=True, by=admin_user)
    assert error.value.messages == ["No go while items are open: Disk space over 20 %."]
    plan.refresh_from_db()
    assert plan.state == State.APPROVED
    assert plan.go_decided_at is None


def test_signing_names_the_person_and_once(component, vendor_user):
    check = ready_plan(component).checks.get()
    with pytest.raises(ValidationError):
        services.plan_check_sign(check=check, signed_by_name="  ", by=vendor_user)
    services.plan_check_sign(check=check, signed_by_name="Tobias Vendor", by=vendor_user)
    check.refresh_from_db()
    assert (check.signed_by_name, check.signed_by_user, check.is_open) == ("Tobias Vendor", vendor_user, False)
    with pytest.raises(ValidationError, match="signed by Tobias Vendor already"):
        services.plan_check_sign(check=check, signed_by_name="Other", by=vendor_user)


def test_no_go_when_the_window_was_cancelled(component, admin_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    services.plan_check_sign(check=plan.checks.get(), signed_by_name="Dr Lind", by=admin_user)
    MaintenanceWindow.objects.update(state=MaintenanceWindow.State.CANCELLED)
    with pytest.raises(ValidationError, match="window is not approved"):
        services.plan_decide_go(plan=plan, go=True, by=admin_user)


def test_a_no_go_says_why_and_cancels_plan_and_window(component, admin_user, vendor_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    with pytest.raises(ValidationError):
        services.plan_decide_go(plan=plan, go=False, by=admin_user)
    plan = services.plan_decide_go(plan=plan, go=False, note="Backup not verified", by=admin_user)
    assert (plan.state, plan.decision_note) == (State.CANCELLED, "Backup not verified")
    assert MaintenanceWindow.objects.get().state == MaintenanceWindow.State.CANCELLED
    assert Notification.objects.filter(
        event_type="change_plan_go", recipient=vendor_user, title__startswith="No-go"
    ).exists()


def test_a_successful_change_moves_the_component_to_the_new_release(component, admin_user, vendor_user):
    plan = through_go(ready_plan(component, to_version="7.3"), admin_user)
    assert Notification.objects.filter(event_type="change_plan_go", recipient=vendor_user).exists()
    services.plan_start(plan=plan, by=vendor_user)
    assert MaintenanceWindow.objects.get().actual_start is not None
    plan = services.plan_complete(plan=plan, outcome="success", note="Smooth", by=vendor_user)
    lifecycle = ComponentLifecycle.objects.get(component=component)
    change = VersionChange.objects.get()
    assert (plan.state, plan.outcome, plan.version_change) == (State.DONE, "success", change)
    assert (lifecycle.software_version, lifecycle.patch_level) == ("7.3", "")
    assert (change.kind, change.from_version, change.to_version) == ("upgrade", "7.2", "7.3")
    assert change.note == f"Change plan CP-{plan.pk}. Smooth"
    assert MaintenanceWindow.objects.get().actual_end == plan.finished_at


def test_a_rollback_says_why_keeps_the_version_and_names_the_incident(component, admin_user):
    plan = through_go(ready_plan(component), admin_user)
    services.plan_start(plan=plan, by=admin_user)
    incident = incident_for(component.vendor)
    with pytest.raises(ValidationError):
        services.plan_complete(plan=plan, outcome="rollback", by=admin_user)
    plan = services.plan_complete(
        plan=plan, outcome="rollback", note="Worklist failed", incident=incident, by=admin_user
    )
    assert (plan.state, plan.incident, plan.outcome_note) == (State.ROLLED_BACK, incident, "Worklist failed")
    assert ComponentLifecycle.objects.get(component=component).software_version == "7.2"
    assert not VersionChange.objects.exists()


def test_an_incident_of_another_vendor_is_refused(component, admin_user, other_vendor):
    plan = through_go(ready_plan(component), admin_user)
    services.plan_start(plan=plan, by=admin_user)
    with pytest.raises(ValidationError, match="Not an incident of this plan's vendor"):
        services.plan_complete(
            plan=plan, outcome="rollback", note="x", incident=incident_for(other_vendor), by=admin_user
        )


def test_no_start_without_a_go(component, admin_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    with pytest.raises(ValidationError, match="Only a go plan can be started; this one is approved"):
        services.plan_start(plan=plan, by=admin_user)


def test_edits_stop_at_approval(component, admin_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    with pytest.raises(ValidationError, match="Only a draft or proposed plan can be given steps"):
        services.plan_step_add(plan=plan, description="Late", side="vendor", owner="Bob", by=admin_user)
    plan.title = "Renamed"
    with pytest.raises(ValidationError):
        services.plan_save(plan=plan, by=admin_user)
    assert ChangePlan.objects.get().title == "Upgrade to 7.3"


def test_cancelling_an_approved_plan_cancels_its_window(component, admin_user):
    plan = ready_plan(component)
    services.plan_propose(plan=plan, by=admin_user)
    services.plan_approve(plan=plan, by=admin_user)
    plan = services.plan_cancel(plan=plan, note="Vendor release withdrawn", by=admin_user)
    assert plan.state == State.CANCELLED
    assert MaintenanceWindow.objects.get().state == MaintenanceWindow.State.CANCELLED


def test_what_each_role_may_do(component, admin_user, vendor_user, staff_user):
    plan = ready_plan(component)
    assert services.plan_may(plan, vendor_user) == services.PlanMay(
        edit=True,
        add_check=True,
        propose=True,
        sign=True,
        approve=False,
        decide_go=False,
        start=False,
        complete=False,
        cancel=False,
    )
    assert not any(vars(services.plan_may(plan, staff_user)).values())
    plan = services.plan_propose(plan=plan, by=vendor_user)
    assert services.plan_may(plan, admin_user).approve
