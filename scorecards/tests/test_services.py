import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from scorecards import scoring
from scorecards.models import CriterionResponse, Evaluation, EvaluationTemplate, Measure, Method, Standing
from scorecards.selectors.evaluations import frozen_scorecard, live_scorecard
from scorecards.services import evaluations as services
from scorecards.services.standings import StandingInput, standings_replace
from scorecards.services.templates import CriterionInput, template_save
from scorecards.snapshot import snapshot_sha256
from scorecards.tests.factories import draft_for, finalised_for, last_year, standard_criteria, standard_template
from slas.tests.factories import agreement_for, incident_for, statement_for
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> object:
    return HospitalAdminFactory()


@pytest.fixture
def vendor() -> object:
    vendor = VendorFactory(name="Meridian Imaging")
    contract = ContractFactory(vendor=vendor, start_date=last_year() - datetime.timedelta(days=400))
    agreement_for(contract, effective_from=last_year() - datetime.timedelta(days=400))
    return vendor


def at(month: int, day: int, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(last_year().year, month, day, hour, tzinfo=timezone.get_default_timezone())


# --- templates ----------------------------------------------------------------------------------


def test_weights_must_sum_to_100_and_nothing_is_saved_otherwise(admin: object) -> None:
    criteria = standard_criteria()
    criteria[0].weight = 35
    with pytest.raises(ValidationError) as error:
        template_save(template=EvaluationTemplate(name="Too heavy"), criteria=criteria, by=admin)
    assert "The weights sum to 105; they must sum to 100." in error.value.message_dict["criteria"]
    assert not EvaluationTemplate.objects.filter(name="Too heavy").exists()


def test_a_rule_must_point_the_measure_s_way(admin: object) -> None:
    criteria = standard_criteria()
    criteria[3].floor, criteria[3].target = Decimal(30), Decimal(240)  # response minutes: lower is better
    criteria[1].bands = [{"threshold": "2", "score": "40"}, {"threshold": "5", "score": "60"}]
    with pytest.raises(ValidationError) as error:
        template_save(template=EvaluationTemplate(name="Backwards"), criteria=criteria, by=admin)
    messages = " ".join(error.value.message_dict["criteria"])
    assert "Response time), target: Higher values are worse" in messages
    assert "Incidents), bands: A better threshold cannot score less" in messages


def test_editing_keeps_criteria_by_id_and_a_finalised_template_is_fixed(admin: object, vendor: object) -> None:
    template = standard_template(admin=admin)
    uptime = template.criteria.get(name="Uptime")
    rows = standard_criteria()
    rows[0].id, rows[0].weight, rows[1].weight = uptime.pk, 25, 15
    template_save(template=template, criteria=rows, by=admin)
    assert template.criteria.get(pk=uptime.pk).weight == 25
    assert template.criteria.count() == 5
    finalised_for(vendor, admin=admin)
    with pytest.raises(ValidationError, match="fixed"):
        template_save(template=template, criteria=standard_criteria(), by=admin)


def test_staff_cannot_keep_templates() -> None:
    with pytest.raises(PermissionDenied):
        template_save(template=EvaluationTemplate(name="Mine"), criteria=standard_criteria(), by=UserFactory())


# --- standings ----------------------------------------------------------------------------------


def test_standings_cover_0_to_100_or_are_refused(admin: object) -> None:
    assert list(Standing.objects.values_list("name", flat=True)) == [
        "Strategic partner",
        "Preferred",
        "Conditional",
        "Probation",
    ]
    with pytest.raises(ValidationError, match="start at 0"):
        standings_replace(levels=[StandingInput("Good", Decimal(50))], by=admin)
    assert Standing.objects.count() == 4
    standings_replace(levels=[StandingInput("Good", Decimal(60)), StandingInput("Weak", Decimal(0), True)], by=admin)
    assert list(Standing.objects.values_list("name", "minimum")) == [("Good", Decimal(60)), ("Weak", Decimal(0))]


# --- drafts, live scores ------------------------------------------------------------------------


def test_a_draft_scores_live_from_the_records_with_the_inputs_behind_each_number(admin: object, vendor: object) -> None:
    incident_for(vendor, started_at=at(3, 10), ended_at=at(3, 10, 17))  # nine hours down
    evaluation = draft_for(vendor, admin=admin)
    card = live_scorecard(evaluation)
    by_name = {result.name: result for result in card.results}
    uptime = by_name["Uptime"]
    assert Decimal("99.8") < uptime.value < Decimal("99.9")
    assert uptime.score == scoring.linear(uptime.value, floor=Decimal(99), target=Decimal("99.9"))
    assert ("Outages", "1") in uptime.inputs
    assert by_name["Incidents"].value == 1
    assert by_name["Incidents"].score == 100
    assert by_name["SLA compliance"].score is None  # no clock decided in the period
    assert by_name["Communication"].score is None  # not scored yet
    assert card.unscored_weight == 25 + 15 + 20
    assert card.total == scoring.total([scoring.Weighted(30, uptime.score), scoring.Weighted(10, Decimal(100))])
    assert card.missing_manual == ["Communication"]


def test_credits_and_mttr_come_from_the_slas_selectors(admin: object, vendor: object) -> None:
    template = template_save(
        template=EvaluationTemplate(name="Credits and MTTR"),
        criteria=[
            CriterionInput("sla", "Credits", 50, measure=Measure.CREDITS, floor=Decimal(10), target=Decimal(0)),
            CriterionInput("reliability", "MTTR", 50, measure=Measure.MTTR, floor=Decimal(24), target=Decimal(2)),
        ],
        by=admin,
    )
    statement_for(vendor, month=last_year().replace(month=2))  # 500 of 10,000: 5 %
    incident_for(vendor, started_at=at(5, 1), ended_at=at(5, 1, 12))  # 4 hours
    incident_for(vendor, started_at=at(6, 1), ended_at=at(6, 1, 16))  # 8 hours
    card = live_scorecard(draft_for(vendor, admin=admin, template=template))
    credits, mttr = card.results
    assert credits.value == 5
    assert credits.score == 50
    assert mttr.value == 6
    assert mttr.score == scoring.linear(Decimal(6), floor=Decimal(24), target=Decimal(2))


def test_one_evaluation_per_vendor_and_period(admin: object, vendor: object) -> None:
    draft_for(vendor, admin=admin)
    with pytest.raises(ValidationError, match="already has an evaluation for"):
        draft_for(vendor, admin=admin)
    template = EvaluationTemplate.objects.get()
    with pytest.raises(ValidationError, match="starts on 1 January"):
        services.evaluation_create(
            vendor=vendor, template=template, period_kind="annual", period_start=last_year().replace(month=4), by=admin
        )
    quarter = services.evaluation_create(
        vendor=vendor, template=template, period_kind="quarterly", period_start=last_year().replace(month=4), by=admin
    )
    assert quarter.period_label == f"{last_year().year} Q2"
    assert quarter.period_end == last_year().replace(month=7)


def test_a_manual_score_needs_a_justification(admin: object, vendor: object) -> None:
    evaluation = draft_for(vendor, admin=admin)
    manual = evaluation.template.criteria.get(method=Method.MANUAL)
    with pytest.raises(ValidationError, match="justification"):
        services.evaluation_score_manual(
            evaluation=evaluation, criterion=manual, score=Decimal(70), justification="  ", by=admin
        )
    uptime = evaluation.template.criteria.get(name="Uptime")
    with pytest.raises(ValidationError, match="manual criteria"):
        services.evaluation_score_manual(
            evaluation=evaluation, criterion=uptime, score=Decimal(70), justification="x", by=admin
        )
    assert not evaluation.manual_scores.exists()


# --- finalising ---------------------------------------------------------------------------------


def test_finalising_freezes_every_input_and_score_with_its_hash(admin: object, vendor: object) -> None:
    incident_for(vendor, started_at=at(3, 10), ended_at=at(3, 10, 17))
    evaluation = finalised_for(vendor, admin=admin)
    assert evaluation.state == Evaluation.State.FINALISED
    assert evaluation.snapshot_sha256 == snapshot_sha256(evaluation.snapshot)
    criteria = {row["name"]: row for row in evaluation.snapshot["criteria"]}
    assert criteria["Communication"]["score"] == "80.0"
    assert criteria["Communication"]["justification"] == "Clear notices"
    assert ["Outages", "1"] in criteria["Uptime"]["inputs"]
    assert Decimal(evaluation.snapshot["total"]) == evaluation.total
    assert (
        evaluation.standing
        == scoring.standing_of(
            evaluation.total, [scoring.Level(s.name, s.minimum) for s in Standing.objects.all()]
        ).name
    )
    # later records do not move a finalised evaluation
    incident_for(vendor, started_at=at(8, 1), ended_at=at(8, 3))
    assert frozen_scorecard(evaluation).total == evaluation.total


def test_a_finalised_evaluation_cannot_be_edited(admin: object, vendor: object) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    manual = evaluation.template.criteria.get(method=Method.MANUAL)
    with pytest.raises(ValidationError, match="frozen"):
        services.evaluation_score_manual(
            evaluation=evaluation, criterion=manual, score=Decimal(10), justification="Changed mind", by=admin
        )
    with pytest.raises(ValidationError, match="frozen"):
        services.evaluation_recognise(evaluation=evaluation, text="Late praise", by=admin)
    with pytest.raises(ValidationError, match="frozen"):
        services.evaluation_finalise(evaluation=evaluation, by=admin)
    assert evaluation.manual_scores.get().score == 80


def test_finalising_waits_for_the_period_to_end_and_every_manual_score(admin: object, vendor: object) -> None:
    evaluation = draft_for(vendor, admin=admin)
    with pytest.raises(ValidationError, match="Score every manual criterion first: Communication"):
        services.evaluation_finalise(evaluation=evaluation, by=admin)
    template = EvaluationTemplate.objects.get()
    this_year = services.evaluation_create(
        vendor=vendor,
        template=template,
        period_kind="annual",
        period_start=last_year().replace(year=last_year().year + 1),
        by=admin,
    )
    june = datetime.datetime(last_year().year + 1, 6, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(june), pytest.raises(ValidationError, match="finalise it once it has ended"):
        services.evaluation_finalise(evaluation=this_year, by=admin)
    assert Evaluation.objects.filter(state=Evaluation.State.DRAFT).count() == 2


# --- sharing, responses -------------------------------------------------------------------------


def test_the_vendor_appeals_a_criterion_and_the_hospital_answers(admin: object, vendor: object) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    vendor_user = VendorUserFactory(vendor=vendor)
    uptime_id = evaluation.template.criteria.get(name="Uptime").pk
    with pytest.raises(ValidationError, match="while the evaluation is shared"):
        services.evaluation_respond(
            evaluation=evaluation, criterion_id=uptime_id, kind="acknowledge", comment="", by=vendor_user
        )
    services.evaluation_share(evaluation=evaluation, by=admin)
    with pytest.raises(ValidationError, match="Say why"):
        services.evaluation_respond(
            evaluation=evaluation, criterion_id=uptime_id, kind="appeal", comment="", by=vendor_user
        )
    appeal = services.evaluation_respond(
        evaluation=evaluation,
        criterion_id=uptime_id,
        kind="appeal",
        comment="The March outage was the network",
        by=vendor_user,
    )
    with pytest.raises(ValidationError, match="already responded"):
        services.evaluation_respond(
            evaluation=evaluation, criterion_id=uptime_id, kind="acknowledge", comment="", by=vendor_user
        )
    with pytest.raises(ValidationError, match="Answer every appeal"):
        services.evaluation_close(evaluation=evaluation, by=admin)
    services.response_answer(response=appeal, answer="The switch is ours; we corrected the incident.", by=admin)
    services.evaluation_close(evaluation=evaluation, by=admin)
    appeal.refresh_from_db()
    evaluation.refresh_from_db()
    assert appeal.answered_by == admin
    assert not appeal.awaits_answer
    assert evaluation.state == Evaluation.State.CLOSED


def test_a_vendor_user_cannot_respond_for_another_vendor(admin: object, vendor: object) -> None:
    evaluation = finalised_for(vendor, admin=admin, state=Evaluation.State.SHARED)
    stranger = VendorUserFactory(vendor=VendorFactory(name="Other"))
    with pytest.raises(PermissionDenied):
        services.evaluation_respond(
            evaluation=evaluation,
            criterion_id=evaluation.snapshot["criteria"][0]["criterion_id"],
            kind="acknowledge",
            comment="",
            by=stranger,
        )
    assert not CriterionResponse.objects.exists()
