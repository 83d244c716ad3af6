import datetime
from decimal import Decimal

import pytest

from scorecards.models import Candidate, CandidateCost, CandidateScore, SelectionProject, SelectionTemplate
from scorecards.services.selection import CostInput, ScoreInput, candidate_costs_save, candidate_score
from scorecards.tests.factories import selection_project
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def scored(project: SelectionProject, by: object, scores: dict[str, int]) -> None:
    criteria = list(project.template.criteria.all())
    for name, value in scores.items():
        candidate = project.candidates.get(name=name)
        candidate_score(candidate=candidate, scores=[ScoreInput(c.pk, value, f"{name} note") for c in criteria], by=by)


def score_post(project: SelectionProject, values: list[str], note: str = "") -> dict[str, object]:
    criteria = list(project.template.criteria.all())
    data: dict[str, object] = {"scores-TOTAL_FORMS": len(criteria), "scores-INITIAL_FORMS": len(criteria)}
    for index, (criterion, value) in enumerate(zip(criteria, values, strict=True)):
        data[f"scores-{index}-criterion"] = criterion.pk
        data[f"scores-{index}-score"] = value
        data[f"scores-{index}-note"] = note
    return data


def test_project_list_shows_projects_with_their_candidates(admin_client, admin_user, django_assert_max_num_queries):
    selection_project(admin=admin_user)
    selection_project("PACS replacement", candidates=("Northwind", "Meridian", "Orion"), admin=admin_user)
    with django_assert_max_num_queries(12):
        html = admin_client.get("/scorecards/selection/").content.decode()
    assert "New AI vendor" in html
    assert "PACS replacement" in html
    assert "Start a selection" in html


def test_side_by_side_page_shows_means_totals_and_costs_in_flat_queries(
    admin_client, admin_user, staff_user, django_assert_max_num_queries
):
    project = selection_project(admin=admin_user)
    scored(project, admin_user, {"Lumen AI": 80, "Vireo Health": 60})
    scored(project, staff_user, {"Lumen AI": 71})
    candidate_costs_save(
        candidate=project.candidates.get(name="Lumen AI"),
        years=[CostInput(year, Decimal(10000), Decimal(2000), Decimal(500), Decimal(1000)) for year in range(1, 6)],
        by=admin_user,
    )
    url = f"/scorecards/selection/{project.pk}/"
    with django_assert_max_num_queries(20) as small:
        html = admin_client.get(url).content.decode()
    assert "75.5" in html  # Lumen's mean of 80 and 71 on every criterion, and its total
    assert "60.0" in html
    assert "Leading" in html
    assert "67,500" in html  # five years of 13,500
    assert "Record the decision" in html
    for index in range(8):
        Candidate.objects.create(project=project, name=f"Extra {index}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_side_by_side_csv(admin_client, admin_user):
    project = selection_project(admin=admin_user)
    scored(project, admin_user, {"Lumen AI": 90})
    response = admin_client.get(f"/scorecards/selection/{project.pk}/export/")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "Area,Criterion,Weight,Lumen AI,Vireo Health"
    assert lines[1] == "Capabilities against requirements,Capabilities,30,90.0,"
    assert "Weighted total,100,90.0," in lines[6]
    assert lines[-1] == "Five-year cost,Total,,0,0"


def test_an_admin_starts_a_selection_and_adds_a_candidate(admin_client, admin_user):
    template = selection_project(admin=admin_user).template
    response = admin_client.post(
        "/scorecards/selection/add/",
        {"name": "Dose monitoring", "template": template.pk, "vendor_kind": "other", "currency": "EUR"},
    )
    project = SelectionProject.objects.get(name="Dose monitoring")
    assert response.status_code == 302
    page = admin_client.get(f"/scorecards/selection/{project.pk}/").content.decode()
    assert f'href="/scorecards/selection/candidates/add/?project={project.pk}"' in page
    form = admin_client.get(f"/scorecards/selection/candidates/add/?project={project.pk}").content.decode()
    assert f'<option value="{project.pk}" selected>' in form
    response = admin_client.post(
        "/scorecards/selection/candidates/add/",
        {"project": project.pk, "name": "Radimetrics", "contact_name": "Ann Sales", "contact_email": "ann@example.org"},
    )
    assert response.status_code == 302
    assert list(project.candidates.values_list("name", "contact_name")) == [("Radimetrics", "Ann Sales")]


def test_staff_cannot_add_candidates_but_score_them(staff_client, admin_user, staff_user):
    project = selection_project(admin=admin_user)
    response = staff_client.post("/scorecards/selection/candidates/add/", {"project": project.pk, "name": "X"})
    assert response.status_code == 403
    candidate = project.candidates.get(name="Lumen AI")
    response = staff_client.post(
        f"/scorecards/selection/candidates/{candidate.pk}/", score_post(project, ["70", "60", "", "50", "40"], "Call")
    )
    assert response.status_code == 302
    assert sorted(CandidateScore.objects.filter(evaluator=staff_user).values_list("score", flat=True)) == [
        40,
        50,
        60,
        70,
    ]
    html = staff_client.get(f"/scorecards/selection/candidates/{candidate.pk}/").content.decode()
    assert "Save my scores" in html
    assert "Save costs" not in html


def test_a_score_out_of_range_shows_at_the_field_and_stores_nothing(staff_client, admin_user):
    project = selection_project(admin=admin_user)
    candidate = project.candidates.first()
    response = staff_client.post(
        f"/scorecards/selection/candidates/{candidate.pk}/", score_post(project, ["70", "101", "", "", ""])
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not CandidateScore.objects.exists()


def test_an_admin_enters_the_five_year_costs(admin_client, admin_user):
    candidate = selection_project(admin=admin_user).candidates.first()
    data: dict[str, object] = {"costs-TOTAL_FORMS": 5, "costs-INITIAL_FORMS": 5}
    for index in range(5):
        data[f"costs-{index}-year"] = index + 1
    data.update({"costs-0-licence": "50000", "costs-0-hardware": "12000", "costs-1-support": "8000"})
    response = admin_client.post(f"/scorecards/selection/candidates/{candidate.pk}/", data)
    assert response.status_code == 302
    assert list(CandidateCost.objects.values_list("year", "licence", "support", "hardware", "services")) == [
        (1, Decimal(50000), Decimal(0), Decimal(12000), Decimal(0)),
        (2, Decimal(0), Decimal(8000), Decimal(0), Decimal(0)),
    ]


def test_the_decision_through_the_page(admin_client, admin_user):
    project = selection_project(admin=admin_user)
    chosen = project.candidates.get(name="Vireo Health")
    url = f"/scorecards/selection/{project.pk}/"
    response = admin_client.post(url, {"chosen": chosen.pk, "decided_on": "2026-03-02", "rationale": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Vendor.objects.exists()
    response = admin_client.post(url, {"chosen": chosen.pk, "decided_on": "2026-03-02", "rationale": "Best demo"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.state, project.chosen, project.decided_on) == ("decided", chosen, datetime.date(2026, 3, 2))
    html = admin_client.get(url).content.decode()
    assert "now the vendor" in html
    assert "Record the decision" not in html


def test_staff_see_the_comparison_but_cannot_decide(staff_client, admin_user):
    project = selection_project(admin=admin_user)
    url = f"/scorecards/selection/{project.pk}/"
    assert "Record the decision" not in staff_client.get(url).content.decode()
    response = staff_client.post(
        url, {"chosen": project.candidates.first().pk, "decided_on": "2026-03-02", "rationale": "R"}
    )
    assert response.status_code == 403
    assert SelectionProject.objects.get(pk=project.pk).state == "open"


def test_vendor_users_never_reach_selections(vendor_client, admin_user):
    project = selection_project(admin=admin_user)
    for url in (
        "/scorecards/selection/",
        f"/scorecards/selection/{project.pk}/",
        f"/scorecards/selection/candidates/{project.candidates.first().pk}/",
    ):
        assert vendor_client.get(url).status_code == 404
    assert SelectionTemplate.objects.count() == 1
