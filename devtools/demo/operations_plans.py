"""Demo upgrade and change plans, told through the plan services so each state is reached the way
a user reaches it:

- done: Meridian upgraded the Diagnostic Viewer this morning (window from three hours ago), every
  item signed, the go given, the version moved to 12.4 by the plan;
- upcoming: Meridian's patch of the Enterprise Archive to 7.2 SP2 (the fix of its open WADO-URI
  bulletin) in twelve days, approved (its window is approved maintenance), the pre-checks partly
  signed and the go/no-go items open: the go is refused until they are;
- proposed: Archivault's VNA upgrade waiting for the hospital's approval;
- rolled back: Meridian's RIS/HL7 Interface Engine 5.5 in tonight's window: the results-out case
  failed after the change, opened a ticket with Meridian, and the change was rolled back.

Each plan takes the test-protocol templates of its component's kind
(``devtools.demo.operations_protocols``): the done plan's cases all passed, the upcoming one's
wait for its window. The rolled-back and the done plan have their lessons-learned reviews, with
actions on each side.

Idempotent: nothing is added once the demo has plans."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from devtools.demo import operations_protocols
from devtools.seeding import DemoSeeder
from operations.models import ChangePlan, LessonsReview, PlanCheck, PlanTestCase, ProtocolTemplate
from operations.services import lessons as lesson_services
from operations.services import plans as services
from operations.services import protocols as protocol_services
from vendors.models import Component

HOSPITAL, VENDOR = "hospital", "vendor"
PRE, GO = PlanCheck.Stage.PRE_CHECK, PlanCheck.Stage.GO_NO_GO


@dataclass(frozen=True)
class DemoPlan:
    vendor: str
    component: str
    vendor_login: str
    title: str
    kind: str
    to_version: str
    to_patch_level: str
    starts_in_hours: int
    hours: int
    rollback_plan: str
    steps: tuple[tuple[str, str, str], ...]  # description, side, owner
    checks: tuple[tuple[str, str], ...]  # stage, description
    signed: int  # how many items (in order) are signed


STEPS = (
    ("Announce the downtime to radiology, the ED and referring departments", HOSPITAL, "Petra Lindqvist"),
    ("Snapshot the servers and verify last night's backup", HOSPITAL, "Petra Lindqvist"),
    ("Install the release and run the database migration", VENDOR, "Tobias Wagner"),
    ("DICOM store/query and HL7 ORM/ORU integration tests", VENDOR, "Tobias Wagner"),
    ("Radiologist acceptance: open ten recent studies with priors", HOSPITAL, "Anna Weber"),
)
CHECKS = (
    (PRE, "Last night's backup restored on the test system"),
    (PRE, "Free disk space on the database volume above 25 %"),
    (PRE, "Release notes and known issues reviewed"),
    (GO, "Integration tests on the test system passed"),
    (GO, "Radiology lead agrees to the downtime"),
)

DONE = DemoPlan(
    "Meridian Imaging Systems",
    "Diagnostic Viewer",
    "meridian",
    "Diagnostic Viewer 12.4",
    ChangePlan.Kind.MINOR,
    "12.4",
    "",
    -3,
    4,
    "Revert the VM snapshot; the viewer cache is rebuilt overnight. Trigger: studies not opening after 30 minutes.",
    STEPS,
    CHECKS,
    signed=len(CHECKS),
)
UPCOMING = DemoPlan(
    "Meridian Imaging Systems",
    "Enterprise Archive",
    "meridian",
    "Enterprise Archive 7.2 SP2 (WADO-URI fix)",
    ChangePlan.Kind.PATCH,
    "7.2",
    "SP2",
    12 * 24,
    3,
    "Uninstall SP2 with the vendor's rollback script and restore the database snapshot. "
    "Trigger: DICOM stores failing or the worklist timing out for more than 15 minutes.",
    STEPS,
    CHECKS,
    signed=2,
)
PROPOSED = DemoPlan(
    "Archivault Health",
    "Vendor Neutral Archive",
    "archivault",
    "VNA 2026.1 major upgrade",
    ChangePlan.Kind.MAJOR,
    "2026.1",
    "",
    30 * 24,
    6,
    "Fail over to the VNA replica and rebuild the primary from it.",
    (("Replicate the last studies to the replica", VENDOR, "Sophie Keller"), *STEPS[2:4]),
    CHECKS[:1] + CHECKS[3:],
    signed=0,
)
ROLLED_BACK = DemoPlan(
    "Meridian Imaging Systems",
    "RIS/HL7 Interface Engine",
    "meridian",
    "Interface Engine 5.5",
    ChangePlan.Kind.MINOR,
    "5.5",
    "",
    -2,
    4,
    "Restore the 5.4 HF12 VM snapshot and replay the queued messages. Trigger: any HL7 test case failing.",
    STEPS,
    CHECKS,
    signed=len(CHECKS),
)
FAILED_CASE = "ORU^R01 signed report out"


def _draft(story: DemoPlan, component: Component, author: User) -> ChangePlan:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=story.starts_in_hours)
    plan = ChangePlan(
        component=component,
        title=story.title,
        kind=story.kind,
        to_version=story.to_version,
        to_patch_level=story.to_patch_level,
        window_start=start,
        window_end=start + datetime.timedelta(hours=story.hours),
        rollback_plan=story.rollback_plan,
    )
    plan = services.plan_save(plan=plan, by=author)
    for description, side, owner in story.steps:
        services.plan_step_add(plan=plan, description=description, side=side, owner=owner, by=author)
    for stage, description in story.checks:
        services.plan_check_add(plan=plan, stage=stage, description=description, by=author)
    for template in ProtocolTemplate.objects.filter(component_kind=component.kind).order_by("name"):
        protocol_services.protocol_from_template(plan=plan, template=template, by=author)
    return services.plan_propose(plan=plan, by=author)


def _run_protocol(plan: ChangePlan, author: User, admin: User) -> None:
    """Every case passes, but the rolled-back plan's results-out case, which opens a ticket."""
    for case in plan.test_cases.order_by("position"):
        if case.title == FAILED_CASE and plan.title == ROLLED_BACK.title:
            notes = "No ACK from the EHR; the reports queue up on the engine."
            protocol_services.case_record(case=case, result=PlanTestCase.Result.FAIL, notes=notes, by=author)
            protocol_services.case_open_ticket(case=case, severity="P2", by=admin)
        else:
            protocol_services.case_record(case=case, result=PlanTestCase.Result.PASS, by=author)


def _sign(plan: ChangePlan, count: int, admin: User) -> None:
    for check in list(plan.checks.order_by("id"))[:count]:
        services.plan_check_sign(check=check, signed_by_name="Petra Lindqvist", by=admin)


LESSONS = {
    ROLLED_BACK.title: (
        "The rollback trigger was clear and the snapshot restore took 20 minutes; no orders were lost.",
        "The EHR's HL7 endpoint was not in the test system, so results out was first tested live.",
        (
            ("Add the EHR endpoint to the test system's interface engine", "hospital", "Petra Lindqvist", 21),
            ("Ship 5.5.1 with the ACK handling fix and its release note", "vendor", "Tobias Wagner", 30),
        ),
    ),
    DONE.title: (
        "Every test case passed inside the window; radiologists read on 12.4 the same morning.",
        "The downtime notice reached the ED only an hour before the window.",
        (("Send downtime notices to the ED two days ahead", "hospital", "Petra Lindqvist", 7),),
    ),
}


def _lessons(plan: ChangePlan, author: User, admin: User) -> None:
    went_well, went_badly, actions = LESSONS[plan.title]
    review = LessonsReview(plan=plan, held_on=timezone.localdate(), went_well=went_well, went_badly=went_badly)
    review = lesson_services.lessons_save(review=review, by=admin)
    for description, side, owner, due_in_days in actions:
        lesson_services.lesson_action_add(
            review=review,
            description=description,
            side=side,
            owner_name=owner,
            due_date=timezone.localdate() + datetime.timedelta(days=due_in_days),
            by=author if side == VENDOR else admin,
        )


def seed(demo: DemoSeeder) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    operations_protocols.seed(demo, admin)
    if ChangePlan.objects.exists():
        return
    for story in (DONE, UPCOMING, PROPOSED, ROLLED_BACK):
        component = Component.objects.filter(vendor__name=story.vendor, name=story.component).first()
        author = User.objects.filter(username=story.vendor_login).first()
        if component is None or author is None:
            continue
        plan = _draft(story, component, author)
        if story is not PROPOSED:
            plan = services.plan_approve(plan=plan, by=admin)
            _sign(plan, story.signed, admin)
        if story in (DONE, ROLLED_BACK):
            plan = services.plan_decide_go(plan=plan, go=True, note="Backup verified, radiology agreed.", by=admin)
            plan = services.plan_start(plan=plan, by=author)
            _run_protocol(plan, author, admin)
        if story is DONE:
            services.plan_complete(plan=plan, outcome=ChangePlan.Outcome.SUCCESS, note="No issues.", by=author)
        if story is ROLLED_BACK:
            note = "Results out failed (no ACK from the EHR); rolled back to 5.4 HF12 within the window."
            services.plan_complete(plan=plan, outcome=ChangePlan.Outcome.ROLLBACK, note=note, by=author)
        if story.title in LESSONS:
            _lessons(plan, author, admin)
        demo.count_created("change plans", True)
