"""Demo scorecards: a template over the seed's five areas, and two years of annual evaluations
per demo vendor, scored from the demo's own records. The year before last is closed (shared,
acknowledged); last year the PACS vendor's is shared with an appeal awaiting the hospital's
answer, the archive's is finalised and not shared yet, and the AI vendor's is a draft for the
admin to score and finalise (the issue's walk-through). Last year's staff survey of each vendor
(``scorecards_surveys``) scores the satisfaction criterion."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from devtools.demo import scorecards_selection, scorecards_surveys
from devtools.seeding import DemoSeeder
from scorecards.models import (
    Area,
    CriterionResponse,
    Evaluation,
    EvaluationTemplate,
    ImprovementPlan,
    Measure,
    Method,
    Rule,
)
from scorecards.services import evaluations as services
from scorecards.services import plans
from scorecards.services.templates import CriterionInput, template_save
from vendors.models import Vendor

TEMPLATE = "Annual PACS vendor evaluation"
PACS_VENDOR, ARCHIVE_VENDOR, AI_VENDOR = "Meridian Imaging Systems", "Archivault Health", "Lumen Diagnostics AI"


def criteria() -> list[CriterionInput]:
    return [
        CriterionInput(
            Area.RELIABILITY,
            "Uptime against target",
            20,
            measure=Measure.UPTIME,
            floor=Decimal("99"),
            target=Decimal("99.9"),
        ),
        CriterionInput(
            Area.RELIABILITY,
            "Incidents",
            5,
            measure=Measure.INCIDENTS,
            rule=Rule.BANDS,
            bands=[
                {"threshold": "2", "score": "100"},
                {"threshold": "5", "score": "70"},
                {"threshold": "10", "score": "40"},
            ],
        ),
        CriterionInput(
            Area.RELIABILITY, "Mean time to restore", 5, measure=Measure.MTTR, floor=Decimal(24), target=Decimal(2)
        ),
        CriterionInput(
            Area.SLA,
            "P1 SLA compliance",
            15,
            measure=Measure.SLA_COMPLIANCE,
            severity="P1",
            floor=Decimal(70),
            target=Decimal(100),
        ),
        CriterionInput(
            Area.SLA,
            "SLA compliance, all tickets",
            10,
            measure=Measure.SLA_COMPLIANCE,
            floor=Decimal(70),
            target=Decimal(98),
        ),
        CriterionInput(
            Area.SLA, "Service credits earned", 5, measure=Measure.CREDITS, floor=Decimal(10), target=Decimal(0)
        ),
        CriterionInput(
            Area.SUPPORT,
            "Median response time",
            10,
            measure=Measure.MEDIAN_RESPONSE,
            floor=Decimal(480),
            target=Decimal(30),
        ),
        CriterionInput(
            Area.SUPPORT, "KPI attainment", 10, measure=Measure.KPI_ATTAINMENT, floor=Decimal(50), target=Decimal(95)
        ),
        CriterionInput(
            Area.COMMUNICATION,
            "Maintenance-notice compliance",
            5,
            measure=Measure.MAINTENANCE,
            floor=Decimal(50),
            target=Decimal(100),
        ),
        CriterionInput(Area.COMMUNICATION, "Account management", 5, method=Method.MANUAL),
        CriterionInput(Area.TRAINING, "Training effectiveness", 5, method=Method.MANUAL),
        CriterionInput(Area.SUPPORT, "Staff satisfaction (survey)", 5, method=Method.SURVEY),
    ]


MANUAL = {
    PACS_VENDOR: {
        "Account management": (85, "Quarterly reviews held, roadmap shared early."),
        "Training effectiveness": (70, "Refresher for technologists slipped two months."),
    },
    ARCHIVE_VENDOR: {
        "Account management": (60, "Account manager changed twice; escalations slow."),
        "Training effectiveness": (75, "Good admin course, no e-learning."),
    },
    AI_VENDOR: {
        "Account management": (90, "Responsive product team."),
        "Training effectiveness": (55, "Radiologists asked for case-based training."),
    },
}
RECOGNITION = {
    PACS_VENDOR: "Fast P1 responses during the archive migration, and a clean upgrade weekend.",
    ARCHIVE_VENDOR: "The storage expansion was delivered ahead of plan.",
    AI_VENDOR: "",
}


def _template(admin: object) -> EvaluationTemplate:
    template = EvaluationTemplate.objects.filter(name=TEMPLATE).first()
    if template is None:
        template = template_save(
            template=EvaluationTemplate(
                name=TEMPLATE,
                description="The seed's five areas: reliability, SLA adherence, support, communication, training.",
            ),
            criteria=criteria(),
            by=admin,
        )
    return template


def _evaluate(
    demo: DemoSeeder, vendor: Vendor, template: EvaluationTemplate, year: int, admin: object, *, until: str
) -> Evaluation:
    start = datetime.date(year, 1, 1)
    evaluation = Evaluation.objects.filter(vendor=vendor, period_kind="annual", period_start=start).first()
    if evaluation is not None:
        return evaluation
    evaluation = services.evaluation_create(
        vendor=vendor, template=template, period_kind="annual", period_start=start, by=admin
    )
    demo.count_created("evaluations", True)
    for criterion in template.criteria.filter(method=Method.MANUAL):
        score, why = MANUAL[vendor.name][criterion.name]
        services.evaluation_score_manual(
            evaluation=evaluation,
            criterion=criterion,
            score=Decimal(score - (year % 2) * 5),
            justification=why,
            by=admin,
        )
    if RECOGNITION[vendor.name]:
        services.evaluation_recognise(evaluation=evaluation, text=RECOGNITION[vendor.name], by=admin)
    if until == "draft":
        return evaluation
    evaluation = services.evaluation_finalise(evaluation=evaluation, by=admin)
    if until == "finalised":
        return evaluation
    return services.evaluation_share(evaluation=evaluation, by=admin)


PLAN_TITLE = "Escalation and account management plan"


def _plan(demo: DemoSeeder, vendor: Vendor, admin: object) -> None:
    """An active plan for the archive vendor, opened by hand: one item done, one under way, one
    overdue (its milestone passed), one the hospital's."""
    if ImprovementPlan.objects.filter(vendor=vendor, title=PLAN_TITLE).exists():
        return
    today = timezone.localdate()
    plan = plans.plan_create(vendor=vendor, title=PLAN_TITLE, by=admin)
    demo.count_created("improvement plans", True)
    items = [
        (
            "Name one account manager for the contract term",
            "vendor",
            "Regional director",
            -60,
            "Contract review",
            "done",
        ),
        (
            "Answer P2 escalations within 4 business hours",
            "vendor",
            "Support lead",
            -10,
            "Additional 2 % credit",
            "in_progress",
        ),
        ("Quarterly service review with minutes", "vendor", "Account manager", 45, "", "open"),
        ("Give the vendor read access to the archive monitoring", "hospital", "PACS team", 30, "", "open"),
    ]
    for description, side, owner, days, consequence, _ in items:
        plans.plan_item_add(
            plan=plan,
            description=description,
            owner_side=side,
            owner=owner,
            milestone=today + datetime.timedelta(days=days),
            consequence=consequence,
            by=admin,
        )
    plans.plan_activate(plan=plan, by=admin)
    for item, (*_, status) in zip(
        plan.items.order_by("milestone", "pk"), sorted(items, key=lambda i: i[3]), strict=True
    ):
        if status != "open":
            plans.plan_item_progress(item=item, status=status, progress="Agreed at the last service review.", by=admin)


def seed(demo: DemoSeeder) -> None:
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    vendors = {vendor.name: vendor for vendor in Vendor.objects.filter(name__in=MANUAL)}
    if admin is None or not vendors:
        return
    template = _template(admin)
    scorecards_surveys.seed(demo, admin, vendors)  # before last year's evaluations are finalised
    scorecards_selection.seed(demo, admin)
    last_year = timezone.localdate().year - 1
    for name, vendor in vendors.items():
        older = _evaluate(demo, vendor, template, last_year - 1, admin, until="shared")
        vendor_user = User.objects.filter(vendor=vendor, is_active=True).order_by("pk").first()
        if older.state == Evaluation.State.SHARED and vendor_user is not None:
            for row in older.snapshot["criteria"][:2]:
                if not older.responses.filter(criterion_id=row["criterion_id"]).exists():
                    services.evaluation_respond(
                        evaluation=older,
                        criterion_id=row["criterion_id"],
                        kind="acknowledge",
                        comment="",
                        by=vendor_user,
                    )
            services.evaluation_close(evaluation=older, by=admin)
        until = {PACS_VENDOR: "shared", ARCHIVE_VENDOR: "finalised", AI_VENDOR: "draft"}[name]
        latest = _evaluate(demo, vendor, template, last_year, admin, until=until)
        if name == ARCHIVE_VENDOR:
            _plan(demo, vendor, admin)
        if name == PACS_VENDOR and vendor_user is not None and not latest.responses.exists():
            uptime = next(row for row in latest.snapshot["criteria"] if row["measure"] == Measure.UPTIME)
            services.evaluation_respond(
                evaluation=latest,
                criterion_id=uptime["criterion_id"],
                kind=CriterionResponse.Kind.APPEAL,
                comment="The March outage was the hospital's core switch, not our archive; please reclassify it.",
                by=vendor_user,
            )
