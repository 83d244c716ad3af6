import datetime

from django.utils import timezone

from core.testing.registry import register_test_object
from operations.models import (
    ChangePlan,
    ComponentLifecycle,
    HealthAssessment,
    HealthCheckResult,
    HealthFinding,
    HealthRun,
    HealthTemplate,
    LessonAction,
    LessonsReview,
    PlanCheck,
    PlanStep,
    PlanTestCase,
    ProtocolTemplate,
    ProtocolTemplateCase,
    RecoveryTest,
    RecoveryTestRun,
    SecurityBulletin,
    VersionChange,
)
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory


def lifecycle_for(component: Component, **fields: object) -> ComponentLifecycle:
    """A lifecycle row as the demo and the tests need it (the version set directly: tests of the
    version rules go through the service)."""
    return ComponentLifecycle.objects.create(component=component, **fields)


def bulletin_for(component: Component, **fields: object) -> SecurityBulletin:
    defaults = {
        "reference": f"SB-{SecurityBulletin.objects.count() + 1}",
        "title": "Remote code execution in the DICOM listener",
        "severity": SecurityBulletin.Severity.HIGH,
        "released_on": timezone.localdate() - datetime.timedelta(days=10),
        "fixed_in_version": "7.3",
    }
    return SecurityBulletin.objects.create(component=component, **{**defaults, **fields})


@register_test_object(ComponentLifecycle)
def make_lifecycle(*, vendor: Vendor, user: object, marker: str) -> ComponentLifecycle:
    component = ComponentFactory(vendor=vendor, name=f"{marker} lifecycle archive")
    return lifecycle_for(component, software_version="7.2", hardware_model=f"{marker} server")


@register_test_object(SecurityBulletin)
def make_bulletin(*, vendor: Vendor, user: object, marker: str) -> SecurityBulletin:
    component = ComponentFactory(vendor=vendor, name=f"{marker} patched viewer")
    return bulletin_for(component, reference=f"{marker}-SB", title=f"{marker} bulletin")


@register_test_object(VersionChange)
def make_version_change(*, vendor: Vendor, user: object, marker: str) -> VersionChange:
    component = ComponentFactory(vendor=vendor, name=f"{marker} upgraded worklist")
    return VersionChange.objects.create(
        component=component,
        changed_on=timezone.localdate() - datetime.timedelta(days=3),
        kind=VersionChange.Kind.UPGRADE,
        from_version="1.0",
        to_version="1.1",
        note=f"{marker} change",
    )


def plan_for(component: Component, *, by: object = None, **fields: object) -> ChangePlan:
    """A draft plan stored as it is (tests of the plan rules go through the services)."""
    start = timezone.now() + datetime.timedelta(days=7)
    defaults = {
        "title": "Upgrade to 7.3",
        "kind": ChangePlan.Kind.MINOR,
        "to_version": "7.3",
        "window_start": start,
        "window_end": start + datetime.timedelta(hours=4),
        "rollback_plan": "Restore the VM snapshot taken before the upgrade.",
    }
    return ChangePlan.objects.create(vendor=component.vendor, component=component, **{**defaults, **fields})


def ready_plan(component: Component, **fields: object) -> ChangePlan:
    """A draft plan with a step on each side and one go/no-go item: ready to propose."""
    plan = plan_for(component, **fields)
    PlanStep.objects.create(plan=plan, position=1, description="Snapshot the servers", side="hospital", owner="Ann")
    PlanStep.objects.create(plan=plan, position=2, description="Install 7.3", side="vendor", owner="Bob")
    PlanCheck.objects.create(plan=plan, stage=PlanCheck.Stage.GO_NO_GO, description="Backup verified")
    return plan


@register_test_object(ChangePlan)
def make_plan(*, vendor: Vendor, user: object, marker: str) -> ChangePlan:
    component = ComponentFactory(vendor=vendor, name=f"{marker} planned archive")
    return ready_plan(component, title=f"{marker} plan")


@register_test_object(PlanStep)
def make_plan_step(*, vendor: Vendor, user: object, marker: str) -> PlanStep:
    component = ComponentFactory(vendor=vendor, name=f"{marker} stepped archive")
    return ready_plan(component, title=f"{marker} stepped plan").steps.first()


@register_test_object(PlanCheck)
def make_plan_check(*, vendor: Vendor, user: object, marker: str) -> PlanCheck:
    component = ComponentFactory(vendor=vendor, name=f"{marker} checked archive")
    return ready_plan(component, title=f"{marker} checked plan").checks.first()


def protocol_template(kind: str = "archive", *, name: str = "DICOM query/retrieve", cases: int = 2) -> ProtocolTemplate:
    """A template of ``cases`` cases, the last one optional when there are several."""
    template = ProtocolTemplate.objects.create(name=name, component_kind=kind)
    for position in range(1, cases + 1):
        ProtocolTemplateCase.objects.create(
            template=template,
            position=position,
            title=f"{name} case {position}",
            expected_result="The study is found and retrieved",
            mandatory=position < cases or cases == 1,
        )
    return template


def case_for(plan: ChangePlan, **fields: object) -> PlanTestCase:
    defaults = {"position": plan.test_cases.count() + 1, "title": "C-FIND by patient ID", "expected_result": "Found"}
    return PlanTestCase.objects.create(plan=plan, **{**defaults, **fields})


@register_test_object(PlanTestCase)
def make_plan_test_case(*, vendor: Vendor, user: object, marker: str) -> PlanTestCase:
    component = ComponentFactory(vendor=vendor, name=f"{marker} tested archive")
    return case_for(ready_plan(component, title=f"{marker} tested plan"), title=f"{marker} case")


@register_test_object(ProtocolTemplate)
def make_protocol_template(*, vendor: Vendor, user: object, marker: str) -> ProtocolTemplate:
    # Templates are shared by every user (a vendor applies them too): no marker in them.
    return protocol_template(name=f"Shared template {ProtocolTemplate.objects.count()}")


@register_test_object(ProtocolTemplateCase)
def make_protocol_template_case(*, vendor: Vendor, user: object, marker: str) -> ProtocolTemplateCase:
    return protocol_template(name=f"Shared template {ProtocolTemplate.objects.count()}", cases=1).cases.get()


def finished_plan(component: Component, *, state: str = ChangePlan.State.DONE, **fields: object) -> ChangePlan:
    """A plan stored as finished (done, or rolled back with its outcome)."""
    outcome = ChangePlan.Outcome.SUCCESS if state == ChangePlan.State.DONE else ChangePlan.Outcome.ROLLBACK
    return ready_plan(component, state=state, outcome=outcome, finished_at=timezone.now(), **fields)


def review_for(plan: ChangePlan, **fields: object) -> LessonsReview:
    defaults = {
        "held_on": timezone.localdate(),
        "went_well": "The rollback plan was rehearsed.",
        "went_badly": "The HL7 test started late.",
    }
    return LessonsReview.objects.create(vendor=plan.vendor, plan=plan, **{**defaults, **fields})


def lesson_action_for(review: LessonsReview, **fields: object) -> LessonAction:
    defaults = {
        "description": "Add the results-out case to the template",
        "side": LessonAction.Side.HOSPITAL,
        "owner_name": "Petra Lindqvist",
        "due_date": timezone.localdate() + datetime.timedelta(days=14),
    }
    return LessonAction.objects.create(review=review, **{**defaults, **fields})


@register_test_object(LessonsReview)
def make_lessons_review(*, vendor: Vendor, user: object, marker: str) -> LessonsReview:
    component = ComponentFactory(vendor=vendor, name=f"{marker} reviewed archive")
    return review_for(finished_plan(component, title=f"{marker} reviewed plan"), went_well=f"{marker} went well")


@register_test_object(LessonAction)
def make_lesson_action(*, vendor: Vendor, user: object, marker: str) -> LessonAction:
    component = ComponentFactory(vendor=vendor, name=f"{marker} lesson archive")
    review = review_for(finished_plan(component, title=f"{marker} lesson plan"))
    return lesson_action_for(review, description=f"{marker} action")


def recovery_test_for(component: Component, **fields: object) -> RecoveryTest:
    defaults = {
        "kind": RecoveryTest.Kind.RESTORE_STUDIES,
        "every_months": 6,
        "rto_target_minutes": 240,
        "rpo_target_minutes": 60,
        "next_due_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    return RecoveryTest.objects.create(vendor=component.vendor, component=component, **{**defaults, **fields})


@register_test_object(RecoveryTest)
def make_recovery_test(*, vendor: Vendor, user: object, marker: str) -> RecoveryTest:
    component = ComponentFactory(vendor=vendor, name=f"{marker} restored archive")
    return recovery_test_for(component, description=f"{marker} restore test")


@register_test_object(RecoveryTestRun)
def make_recovery_test_run(*, vendor: Vendor, user: object, marker: str) -> RecoveryTestRun:
    component = ComponentFactory(vendor=vendor, name=f"{marker} failed-over archive")
    test = recovery_test_for(component)
    started = timezone.now() - datetime.timedelta(days=2)
    return RecoveryTestRun.objects.create(
        test=test,
        started_at=started,
        restored_at=started + datetime.timedelta(hours=2),
        rpo_achieved_minutes=15,
        result=RecoveryTestRun.Result.SUCCESS,
        issues=f"{marker} run",
        rto_target_minutes=test.rto_target_minutes,
        rpo_target_minutes=test.rpo_target_minutes,
    )


ARCHIVE_CHECKS = (
    "Database optimisation: index fragmentation\nStorage: free space per tier\nBackup status: last full backup"
)


def health_template_for(kind: str = Component.Kind.ARCHIVE, **fields: object) -> HealthTemplate:
    defaults = {"name": f"Quarterly {kind} check {HealthTemplate.objects.count() + 1}", "checks": ARCHIVE_CHECKS}
    return HealthTemplate.objects.create(component_kind=kind, **{**defaults, **fields})


def health_assessment_for(component: Component, **fields: object) -> HealthAssessment:
    defaults = {"every_months": 3, "next_due_on": timezone.localdate() + datetime.timedelta(days=20)}
    if "template" not in fields:
        defaults["template"] = health_template_for(component.kind)
    return HealthAssessment.objects.create(vendor=component.vendor, component=component, **{**defaults, **fields})


def health_run_for(assessment: HealthAssessment, **fields: object) -> HealthRun:
    """A run answered "OK" on every check (set directly: the rules are tested through the service)."""
    defaults = {"performed_on": timezone.localdate() - datetime.timedelta(days=5), "engineer_name": "Sam Engineer"}
    run = HealthRun.objects.create(assessment=assessment, **{**defaults, **fields})
    HealthCheckResult.objects.bulk_create(
        HealthCheckResult(run=run, position=position, check_text=check, result=HealthCheckResult.Result.OK)
        for position, check in enumerate(assessment.template.check_list, start=1)
    )
    return run


def health_finding_for(run: HealthRun, **fields: object) -> HealthFinding:
    defaults = {
        "description": "Rebuild the fragmented study index",
        "side": HealthFinding.Side.VENDOR,
        "owner_name": "Sam Engineer",
        "due_date": timezone.localdate() + datetime.timedelta(days=14),
    }
    return HealthFinding.objects.create(run=run, **{**defaults, **fields})


@register_test_object(HealthTemplate)
def make_health_template(*, vendor: Vendor, user: object, marker: str) -> HealthTemplate:
    # A shared reference row: the "foreign" one is as visible as the own one.
    return health_template_for(name=f"Shared health template {HealthTemplate.objects.count()}")


@register_test_object(HealthAssessment)
def make_health_assessment(*, vendor: Vendor, user: object, marker: str) -> HealthAssessment:
    component = ComponentFactory(vendor=vendor, name=f"{marker} assessed archive")
    return health_assessment_for(component)  # its template is shared: no marker in it


@register_test_object(HealthFinding)
def make_health_finding(*, vendor: Vendor, user: object, marker: str) -> HealthFinding:
    component = ComponentFactory(vendor=vendor, name=f"{marker} inspected archive")
    run = health_run_for(health_assessment_for(component))
    return health_finding_for(run, description=f"{marker} finding")
