"""The demo scorecards (devtools/demo/scorecards.py): two years per vendor, each step of the
lifecycle on show, and seeding twice changes nothing."""

import pytest
from django.utils import timezone

from devtools.demo import accounts as accounts_demo
from devtools.demo import scorecards as demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from scorecards.models import CriterionResponse, Evaluation, ImprovementPlan, Survey
from scorecards.selectors.evaluations import live_scorecard
from scorecards.selectors.surveys import survey_results
from scorecards.snapshot import snapshot_sha256

pytestmark = pytest.mark.django_db


def test_two_years_of_evaluations_show_every_step() -> None:
    for module in (vendors_demo, accounts_demo, slas_demo, demo):
        module.seed(DemoSeeder())
    last_year = timezone.localdate().year - 1
    states = {(e.vendor.name, e.period_start.year): e.state for e in Evaluation.objects.select_related("vendor")}
    assert states == {
        (demo.PACS_VENDOR, last_year - 1): "closed",
        (demo.ARCHIVE_VENDOR, last_year - 1): "closed",
        (demo.AI_VENDOR, last_year - 1): "closed",
        (demo.PACS_VENDOR, last_year): "shared",
        (demo.ARCHIVE_VENDOR, last_year): "finalised",
        (demo.AI_VENDOR, last_year): "draft",
    }
    for evaluation in Evaluation.objects.exclude(state="draft"):
        assert evaluation.snapshot_sha256 == snapshot_sha256(evaluation.snapshot)
        assert evaluation.standing
    appeal = CriterionResponse.objects.get(kind="appeal")
    assert appeal.awaits_answer
    assert appeal.evaluation.vendor.name == demo.PACS_VENDOR
    plan = ImprovementPlan.objects.get(title=demo.PLAN_TITLE)
    assert plan.state == "active"
    assert sorted(plan.items.values_list("status", flat=True)) == ["done", "in_progress", "open", "open"]
    seeder = DemoSeeder()
    demo.seed(seeder)
    assert seeder.created == {}
    assert Evaluation.objects.count() == 6


def test_each_vendor_has_a_closed_survey_whose_answers_score_its_satisfaction() -> None:
    for module in (vendors_demo, accounts_demo, slas_demo, demo):
        module.seed(DemoSeeder())
    surveys = Survey.objects.select_related("vendor", "template")
    assert {survey.vendor.name for survey in surveys} == {demo.PACS_VENDOR, demo.ARCHIVE_VENDOR, demo.AI_VENDOR}
    for survey in surveys:
        assert survey.state == "closed"
        results = survey_results(survey, with_comments=True)
        assert results.shown, survey
        assert 0 < results.answered < results.invited
        assert results.comments
    last_year = timezone.localdate().year - 1
    shared = Evaluation.objects.get(vendor__name=demo.PACS_VENDOR, period_start__year=last_year)
    satisfaction = next(row for row in shared.snapshot["criteria"] if row["method"] == "survey")
    assert satisfaction["score"] is not None
    draft = Evaluation.objects.get(vendor__name=demo.AI_VENDOR, period_start__year=last_year)
    live = next(result for result in live_scorecard(draft).results if result.method == "survey")
    assert live.score is not None


def test_an_open_selection_of_three_scored_candidates_with_costs() -> None:
    from devtools.demo import scorecards_selection
    from scorecards.models import SelectionProject
    from scorecards.selectors.selection import side_by_side

    for module in (vendors_demo, accounts_demo, slas_demo, demo):
        module.seed(DemoSeeder())
    project = SelectionProject.objects.get(name=scorecards_selection.PROJECT)
    assert project.state == "open"
    comparison = side_by_side(project)
    assert [c.name for c in comparison.candidates] == ["FractureFinder", "Osteon Vision", "Radiant Bone AI"]
    assert all(total is not None for total in comparison.totals)
    assert comparison.leader.name == "Osteon Vision"
    assert all(cell.evaluators == 3 for row in comparison.rows for cell in row.cells)
    assert all(costs.quoted and costs.total > 0 for costs in comparison.costs)
    seeder = DemoSeeder()
    demo.seed(seeder)
    assert "selection projects" not in seeder.created
