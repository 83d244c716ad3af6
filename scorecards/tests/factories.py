import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, StaffMemberFactory
from core.testing.registry import register_test_object
from scorecards.models import (
    Area,
    Candidate,
    CriterionResponse,
    Evaluation,
    EvaluationTemplate,
    ImprovementPlan,
    ManualScore,
    Measure,
    Method,
    PlanItem,
    Rule,
    SelectionArea,
    SelectionProject,
    SelectionTemplate,
    Survey,
    SurveyTemplate,
)
from scorecards.services.evaluations import evaluation_create, evaluation_finalise, evaluation_score_manual
from scorecards.services.plans import plan_activate, plan_create, plan_item_add
from scorecards.services.selection import SelectionCriterionInput, candidate_save, selection_template_save
from scorecards.services.surveys import survey_answer, survey_create, survey_send, survey_template_save
from scorecards.services.templates import CriterionInput, template_save


def standard_criteria() -> list[CriterionInput]:
    return [
        CriterionInput(
            Area.RELIABILITY, "Uptime", 30, measure=Measure.UPTIME, floor=Decimal(99), target=Decimal("99.9")
        ),
        CriterionInput(
            Area.RELIABILITY,
            "Incidents",
            10,
            measure=Measure.INCIDENTS,
            rule=Rule.BANDS,
            bands=[{"threshold": "2", "score": "100"}, {"threshold": "5", "score": "60"}],
        ),
        CriterionInput(
            Area.SLA, "SLA compliance", 25, measure=Measure.SLA_COMPLIANCE, floor=Decimal(80), target=Decimal(100)
        ),
        CriterionInput(
            Area.SUPPORT, "Response time", 15, measure=Measure.MEDIAN_RESPONSE, floor=Decimal(240), target=Decimal(30)
        ),
        CriterionInput(Area.COMMUNICATION, "Communication", 20, method=Method.MANUAL),
    ]


def standard_template(name: str = "Annual PACS evaluation", admin: object | None = None) -> EvaluationTemplate:
    return template_save(
        template=EvaluationTemplate(name=name), criteria=standard_criteria(), by=admin or HospitalAdminFactory()
    )


def last_year() -> datetime.date:
    return datetime.date(timezone.localdate().year - 1, 1, 1)


def draft_for(vendor: object, *, admin: object | None = None, template: EvaluationTemplate | None = None) -> Evaluation:
    admin = admin or HospitalAdminFactory()
    template = template or EvaluationTemplate.objects.first() or standard_template(admin=admin)
    return evaluation_create(vendor=vendor, template=template, period_kind="annual", period_start=last_year(), by=admin)


def finalised_for(
    vendor: object, *, admin: object | None = None, state: str = Evaluation.State.FINALISED
) -> Evaluation:
    """A finalised evaluation of last year (communication scored 80), moved to ``state``."""
    admin = admin or HospitalAdminFactory()
    evaluation = draft_for(vendor, admin=admin)
    manual = evaluation.template.criteria.get(method=Method.MANUAL)
    evaluation_score_manual(
        evaluation=evaluation, criterion=manual, score=Decimal(80), justification="Clear notices", by=admin
    )
    evaluation = evaluation_finalise(evaluation=evaluation, by=admin)
    if state != Evaluation.State.FINALISED:
        Evaluation.objects.filter(pk=evaluation.pk).update(state=state)
        evaluation.refresh_from_db()
    return evaluation


@register_test_object(Evaluation)
def make_evaluation(*, vendor: object, user: object, marker: str) -> Evaluation:
    """The vendor's shared evaluation of last year (one per vendor and period: made once)."""
    evaluation = Evaluation.objects.filter(vendor=vendor, period_start=last_year()).first()
    if evaluation is None:
        with _passing_admin() as admin:
            evaluation = finalised_for(vendor, admin=admin, state=Evaluation.State.SHARED)
    Evaluation.objects.filter(pk=evaluation.pk).update(recognition=marker)
    evaluation.refresh_from_db()
    return evaluation


@register_test_object(ManualScore)
def make_manual_score(*, vendor: object, user: object, marker: str) -> ManualScore:
    evaluation = make_evaluation(vendor=vendor, user=user, marker=marker)
    manual = ManualScore.objects.get(evaluation=evaluation)
    manual.justification = marker
    manual.save(update_fields=["justification"])
    return manual


@register_test_object(CriterionResponse)
def make_response(*, vendor: object, user: object, marker: str) -> CriterionResponse:
    evaluation = make_evaluation(vendor=vendor, user=user, marker=marker)
    criterion = evaluation.template.criteria.first()
    CriterionResponse.objects.filter(evaluation=evaluation, criterion=criterion).delete()
    return CriterionResponse.objects.create(evaluation=evaluation, criterion=criterion, kind="appeal", comment=marker)


@register_test_object(EvaluationTemplate)
def make_template(*, vendor: object, user: object, marker: str) -> EvaluationTemplate:
    # Hospital-only rows: no vendor user may read them, the marker proves it.
    with _passing_admin() as admin:
        return standard_template(name=f"{marker} template {EvaluationTemplate.objects.count()}", admin=admin)


@contextmanager
def _passing_admin() -> Iterator[object]:
    """An admin who takes the services' steps and leaves: the scoping proof counts what other
    requests notify, and active admins would be told."""
    admin = HospitalAdminFactory()
    yield admin
    admin.is_active = False
    admin.save(update_fields=["is_active"])


def active_plan_for(vendor: object, *, admin: object | None = None, marker: str = "Archive") -> ImprovementPlan:
    """An active plan with one vendor item and one hospital item, milestones ahead."""
    admin = admin or HospitalAdminFactory()
    plan = plan_create(vendor=vendor, title=f"{marker} stability plan", by=admin)
    milestone = timezone.localdate() + datetime.timedelta(days=60)
    plan_item_add(
        plan=plan,
        description=f"{marker} firmware upgrade",
        owner_side="vendor",
        owner="Field service",
        milestone=milestone,
        consequence="Additional 2 % credit",
        by=admin,
    )
    plan_item_add(
        plan=plan,
        description="Maintenance window agreed",
        owner_side="hospital",
        owner="PACS team",
        milestone=milestone,
        consequence="",
        by=admin,
    )
    return plan_activate(plan=plan, by=admin)


@register_test_object(ImprovementPlan)
def make_plan(*, vendor: object, user: object, marker: str) -> ImprovementPlan:
    with _passing_admin() as admin:
        return active_plan_for(vendor, admin=admin, marker=marker)


@register_test_object(PlanItem)
def make_plan_item(*, vendor: object, user: object, marker: str) -> PlanItem:
    return make_plan(vendor=vendor, user=user, marker=marker).items.get(owner_side="vendor")


# --- staff surveys

SURVEY_QUESTIONS = ["Support answers quickly", "Fixes hold", "Updates are announced in time"]


def survey_template(name: str = "Staff satisfaction", admin: object | None = None) -> SurveyTemplate:
    existing = SurveyTemplate.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return survey_template_save(
        template=SurveyTemplate(name=name), questions=SURVEY_QUESTIONS, by=admin or HospitalAdminFactory()
    )


def draft_survey_for(
    vendor: object, *, admin: object | None = None, period_start: datetime.date | None = None, **audience: object
) -> Survey:
    admin = admin or HospitalAdminFactory()
    return survey_create(
        vendor=vendor,
        template=survey_template(admin=admin),
        period_kind="annual",
        period_start=period_start or last_year(),
        closes_at=timezone.now() + datetime.timedelta(days=14),
        professions=audience.pop("professions", []),
        by=admin,
        **audience,
    )


def sent_survey_for(vendor: object, *, people: int = 3, admin: object | None = None, **audience: object) -> Survey:
    """A survey sent to ``people`` new radiographers of the staff directory (and whoever else the
    directory holds that its audience takes)."""
    admin = admin or HospitalAdminFactory()
    StaffMemberFactory.create_batch(people)
    return survey_send(survey=draft_survey_for(vendor, admin=admin, **audience), by=admin)


def answer_all(survey: Survey, scores: list[int], *, comment: str = "") -> None:
    """Every invitation of the survey answers each question with the next of ``scores``."""
    questions = list(survey.template.questions.order_by("position"))
    for index, invitation in enumerate(survey.invitations.order_by("pk")):
        score = scores[index % len(scores)]
        survey_answer(invitation=invitation, scores={q.pk: score for q in questions}, comment=comment)


@register_test_object(Survey)
def make_survey(*, vendor: object, user: object, marker: str) -> Survey:
    """The vendor's sent survey of last year (one per vendor and period: made once)."""
    survey = Survey.objects.filter(vendor=vendor, period_start=last_year()).first()
    if survey is None:
        with _passing_admin() as admin:
            survey = sent_survey_for(vendor, admin=admin)
    return survey


@register_test_object(SurveyTemplate)
def make_survey_template(*, vendor: object, user: object, marker: str) -> SurveyTemplate:
    with _passing_admin() as admin:
        return survey_template(name=f"{marker} survey {SurveyTemplate.objects.count()}", admin=admin)


# vendor selection
def selection_criteria() -> list[SelectionCriterionInput]:
    return [
        SelectionCriterionInput(SelectionArea.CAPABILITIES, "Capabilities", 30),
        SelectionCriterionInput(SelectionArea.REFERENCES, "References", 20),
        SelectionCriterionInput(SelectionArea.DEMONSTRATIONS, "Demonstration", 20),
        SelectionCriterionInput(SelectionArea.ROADMAP, "R&D and roadmap", 10),
        SelectionCriterionInput(SelectionArea.COST, "Five-year cost", 20),
    ]


def selection_project(
    name: str = "New AI vendor", *, candidates: tuple[str, ...] = ("Lumen AI", "Vireo Health"), admin: object = None
) -> SelectionProject:
    admin = admin or HospitalAdminFactory()
    template = SelectionTemplate.objects.filter(name="AI selection").first() or selection_template_save(
        template=SelectionTemplate(name="AI selection"), criteria=selection_criteria(), by=admin
    )
    project = SelectionProject.objects.create(name=name, template=template, vendor_kind="ai")
    for candidate in candidates:
        candidate_save(
            candidate=Candidate(
                project=project,
                name=candidate,
                contact_name=f"{candidate} sales",
                contact_email="sales@example.org",
            ),
            by=admin,
        )
    return project


@register_test_object(SelectionProject)
def make_selection_project(*, vendor: object, user: object, marker: str) -> SelectionProject:
    with _passing_admin() as admin:
        return selection_project(f"{marker} selection {SelectionProject.objects.count()}", admin=admin)


@register_test_object(Candidate)
def make_candidate(*, vendor: object, user: object, marker: str) -> Candidate:
    with _passing_admin() as admin:
        project = selection_project(f"{marker} selection {SelectionProject.objects.count()}", admin=admin)
        return project.candidates.first()


@register_test_object(SelectionTemplate)
def make_selection_template(*, vendor: object, user: object, marker: str) -> SelectionTemplate:
    with _passing_admin() as admin:
        return selection_template_save(
            template=SelectionTemplate(name=f"{marker} template {SelectionTemplate.objects.count()}"),
            criteria=selection_criteria(),
            by=admin,
        )
