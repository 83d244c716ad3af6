import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from scorecards.models import Candidate, CandidateScore, SelectionArea, SelectionProject, SelectionTemplate
from scorecards.selectors.selection import side_by_side
from scorecards.services.selection import (
    CostInput,
    ScoreInput,
    SelectionCriterionInput,
    candidate_costs_save,
    candidate_save,
    candidate_score,
    selection_decide,
    selection_template_save,
)
from scorecards.tests.factories import selection_criteria, selection_project
from vendors.models import Contact, Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2026, 3, 2)


@pytest.fixture
def admin() -> object:
    return HospitalAdminFactory()


def score_all(candidate: Candidate, by: object, score: int, note: str = "") -> None:
    criteria = candidate.project.template.criteria.all()
    candidate_score(candidate=candidate, scores=[ScoreInput(c.pk, score, note) for c in criteria], by=by)


# templates
def test_selection_template_weights_must_sum_to_100_and_nothing_is_saved_otherwise(admin):
    criteria = selection_criteria()
    criteria[0].weight = 25
    with pytest.raises(ValidationError) as error:
        selection_template_save(template=SelectionTemplate(name="Short"), criteria=criteria, by=admin)
    assert error.value.message_dict["criteria"] == ["The weights sum to 95; they must sum to 100."]
    assert not SelectionTemplate.objects.exists()


def test_selection_template_keeps_listed_criteria_in_order_and_drops_the_others(admin):
    template = selection_template_save(template=SelectionTemplate(name="AI"), criteria=selection_criteria(), by=admin)
    kept = template.criteria.get(name="Capabilities")
    rows = [
        SelectionCriterionInput(SelectionArea.COST, "Five-year cost", 40),
        SelectionCriterionInput(SelectionArea.CAPABILITIES, "Capabilities", 60, guidance="Against the RFP", id=kept.pk),
    ]
    selection_template_save(template=template, criteria=rows, by=admin)
    assert [(c.name, c.weight, c.position) for c in template.criteria.all()] == [
        ("Five-year cost", 40, 0),
        ("Capabilities", 60, 1),
    ]
    assert template.criteria.get(name="Capabilities").pk == kept.pk


def test_selection_template_is_fixed_once_a_selection_on_it_is_decided(admin):
    project = selection_project(admin=admin)
    selection_decide(
        project=project, chosen=project.candidates.first(), rationale="Best", decided_on=DECIDED_ON, by=admin
    )
    with pytest.raises(ValidationError, match="fixed"):
        selection_template_save(template=project.template, criteria=selection_criteria(), by=admin)


def test_staff_cannot_keep_templates():
    with pytest.raises(PermissionDenied):
        selection_template_save(template=SelectionTemplate(name="X"), criteria=selection_criteria(), by=UserFactory())


# scores
def test_each_evaluator_keeps_their_own_score_and_note(admin):
    project = selection_project(admin=admin)
    candidate = project.candidates.get(name="Lumen AI")
    first, second = UserFactory(), UserFactory()
    capabilities = project.template.criteria.get(name="Capabilities")
    candidate_score(candidate=candidate, scores=[ScoreInput(capabilities.pk, 80, "Covers 9 of 10 needs")], by=first)
    candidate_score(candidate=candidate, scores=[ScoreInput(capabilities.pk, 60, "No mammography")], by=second)
    candidate_score(candidate=candidate, scores=[ScoreInput(capabilities.pk, 90, "After the follow-up")], by=first)
    stored = {(s.evaluator_id, s.score, s.note) for s in CandidateScore.objects.all()}
    assert stored == {(first.pk, 90, "After the follow-up"), (second.pk, 60, "No mammography")}
    candidate_score(candidate=candidate, scores=[ScoreInput(capabilities.pk, None)], by=first)
    assert list(CandidateScore.objects.values_list("evaluator_id", flat=True)) == [second.pk]


def test_a_score_out_of_range_or_on_another_template_changes_nothing(admin):
    project = selection_project(admin=admin)
    candidate = project.candidates.first()
    criteria = list(project.template.criteria.all())
    with pytest.raises(ValidationError):
        candidate_score(
            candidate=candidate, scores=[ScoreInput(criteria[0].pk, 70), ScoreInput(criteria[1].pk, 101)], by=admin
        )
    with pytest.raises(ValidationError, match="not one of this selection"):
        candidate_score(candidate=candidate, scores=[ScoreInput(criteria[0].pk + 1000, 70)], by=admin)
    assert not CandidateScore.objects.exists()


def test_vendor_users_cannot_score(admin):
    project = selection_project(admin=admin)
    with pytest.raises(PermissionDenied):
        score_all(project.candidates.first(), VendorUserFactory(), 50)


# costs
def test_costs_replace_the_years_given(admin):
    candidate = selection_project(admin=admin).candidates.first()
    candidate_costs_save(candidate=candidate, years=[CostInput(1, Decimal(100), hardware=Decimal(50))], by=admin)
    candidate_costs_save(
        candidate=candidate,
        years=[CostInput(1, Decimal(120), Decimal(10)), CostInput(2, support=Decimal(10))],
        by=admin,
    )
    assert [(c.year, c.licence, c.support, c.hardware) for c in candidate.costs.all()] == [
        (1, Decimal(120), Decimal(10), Decimal(0)),
        (2, Decimal(0), Decimal(10), Decimal(0)),
    ]


@pytest.mark.parametrize(
    ("years", "message"),
    [([CostInput(1), CostInput(1)], "once"), ([CostInput(6)], "Years of the cost of ownership run from 1 to 5")],
)
def test_bad_cost_years_change_nothing(admin, years, message):
    candidate = selection_project(admin=admin).candidates.first()
    candidate_costs_save(candidate=candidate, years=[CostInput(1, Decimal(5))], by=admin)
    with pytest.raises(ValidationError, match=message):
        candidate_costs_save(candidate=candidate, years=years, by=admin)
    assert [(c.year, c.licence) for c in candidate.costs.all()] == [(1, Decimal(5))]


# side by side
def test_side_by_side_means_weighted_totals_and_five_year_costs(admin, django_assert_max_num_queries):
    project = selection_project(admin=admin, candidates=("Lumen AI", "Vireo Health", "Quiet One"))
    lumen, vireo = project.candidates.get(name="Lumen AI"), project.candidates.get(name="Vireo Health")
    first, second = UserFactory(), UserFactory()
    score_all(lumen, first, 80)
    score_all(lumen, second, 61)
    capabilities = project.template.criteria.get(name="Capabilities")
    candidate_score(candidate=vireo, scores=[ScoreInput(capabilities.pk, 40)], by=first)
    candidate_costs_save(
        candidate=lumen,
        years=[
            CostInput(1, Decimal(1000), Decimal(200), Decimal(300), Decimal(150)),
            CostInput(2, support=Decimal(200)),
        ],
        by=admin,
    )
    loaded = SelectionProject.objects.select_related("template").get(pk=project.pk)
    with django_assert_max_num_queries(4):
        result = side_by_side(loaded)
    assert [c.name for c in result.candidates] == ["Lumen AI", "Quiet One", "Vireo Health"]
    first_row = result.rows[0]
    assert first_row.criterion.name == "Capabilities"
    assert [(cell.score, cell.evaluators) for cell in first_row.cells] == [
        (Decimal("70.5"), 2),
        (None, 0),
        (Decimal("40.0"), 1),
    ]
    # Lumen scored 70.5 on all; Vireo only on capabilities (its other criteria left out of the mean).
    assert result.totals == [Decimal("70.5"), None, Decimal("40.0")]
    assert result.leader.name == "Lumen AI"
    lumen_costs = result.costs[0]
    assert lumen_costs.years[0] == {
        "licence": Decimal(1000),
        "support": Decimal(200),
        "hardware": Decimal(300),
        "services": Decimal(150),
        "total": Decimal(1650),
    }
    assert lumen_costs.parts == {
        "licence": Decimal(1000),
        "support": Decimal(400),
        "hardware": Decimal(300),
        "services": Decimal(150),
    }
    assert lumen_costs.total == Decimal(1850)
    assert lumen_costs.quoted
    assert not result.costs[1].quoted


# the decision
def test_the_chosen_candidate_becomes_a_vendor_with_its_data_carried_over(admin):
    project = selection_project(admin=admin)
    chosen = project.candidates.get(name="Vireo Health")
    chosen.website, chosen.summary, chosen.contact_phone = "https://vireo.example.org", "Fracture detection", "+31 1"
    chosen.save()
    project = selection_decide(
        project=project, chosen=chosen, rationale=" Best demonstration ", decided_on=DECIDED_ON, by=admin
    )
    project.refresh_from_db()
    assert (project.state, project.chosen, project.rationale, project.decided_on, project.decided_by) == (
        SelectionProject.State.DECIDED,
        chosen,
        "Best demonstration",
        DECIDED_ON,
        admin,
    )
    vendor = Vendor.objects.get(name="Vireo Health")
    assert project.vendor == vendor
    assert (vendor.kind, vendor.website) == ("ai", "https://vireo.example.org")
    assert "Fracture detection" in vendor.notes
    assert "New AI vendor" in vendor.notes
    contact = Contact.objects.get(vendor=vendor)
    assert (contact.name, contact.email, contact.phone, contact.role) == (
        "Vireo Health sales",
        "sales@example.org",
        "+31 1",
        Contact.Role.ACCOUNT_MANAGER,
    )


def test_a_vendor_of_the_same_name_stops_the_whole_decision(admin):
    project = selection_project(admin=admin)
    VendorFactory(name="lumen ai")
    with pytest.raises(ValidationError) as error:
        selection_decide(
            project=project,
            chosen=project.candidates.get(name="Lumen AI"),
            rationale="R",
            decided_on=DECIDED_ON,
            by=admin,
        )
    assert "cannot become a vendor" in error.value.message_dict["chosen"][0]
    project.refresh_from_db()
    assert (project.state, project.chosen, project.vendor) == (SelectionProject.State.OPEN, None, None)
    assert Vendor.objects.count() == 1


def test_a_decision_needs_a_rationale_and_a_candidate_of_the_project(admin):
    project = selection_project(admin=admin)
    other = selection_project("PACS replacement", candidates=("Northwind",), admin=admin)
    with pytest.raises(ValidationError) as error:
        selection_decide(
            project=project, chosen=project.candidates.first(), rationale=" ", decided_on=DECIDED_ON, by=admin
        )
    assert "rationale" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        selection_decide(project=project, chosen=other.candidates.get(), rationale="R", decided_on=DECIDED_ON, by=admin)
    assert "chosen" in error.value.message_dict
    assert not Vendor.objects.exists()


def test_a_decided_selection_takes_no_more_scores_costs_candidates_or_decisions(admin):
    project = selection_project(admin=admin)
    candidate = project.candidates.first()
    selection_decide(project=project, chosen=candidate, rationale="R", decided_on=DECIDED_ON, by=admin)
    candidate.refresh_from_db()
    for step in (
        lambda: score_all(candidate, admin, 50),
        lambda: candidate_costs_save(candidate=candidate, years=[CostInput(1)], by=admin),
        lambda: candidate_save(candidate=Candidate(project=project, name="Late"), by=admin),
        lambda: selection_decide(project=project, chosen=candidate, rationale="R", decided_on=DECIDED_ON, by=admin),
    ):
        with pytest.raises(ValidationError, match="decided"):
            step()
    assert not CandidateScore.objects.exists()
    assert project.candidates.count() == 2
    assert Vendor.objects.count() == 1


def test_only_admins_decide(admin):
    project = selection_project(admin=admin)
    with pytest.raises(PermissionDenied):
        selection_decide(
            project=project, chosen=project.candidates.first(), rationale="R", decided_on=DECIDED_ON, by=UserFactory()
        )
