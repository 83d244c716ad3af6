import pytest

from scorecards.models import CandidateScore, SelectionProject, SelectionTemplate
from scorecards.services.selection import ScoreInput, candidate_score
from scorecards.tests.factories import selection_project
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

CRITERIA = [
    {"area": "capabilities", "name": "Capabilities", "weight": 60},
    {"area": "cost", "name": "Five-year cost", "weight": 40, "guidance": "Transparent pricing"},
]


def test_admins_write_selection_templates_with_weights_summing_to_100(admin_api):
    response = admin_api.post(
        "/api/v1/selection-templates/", {"name": "AI", "criteria": [{**CRITERIA[0], "weight": 50}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["criteria"] == ["The weights sum to 50; they must sum to 100."]
    response = admin_api.post("/api/v1/selection-templates/", {"name": "AI", "criteria": CRITERIA}, format="json")
    assert response.status_code == 201, response.json()
    template = SelectionTemplate.objects.get(name="AI")
    assert list(template.criteria.values_list("name", "weight", "guidance")) == [
        ("Capabilities", 60, ""),
        ("Five-year cost", 40, "Transparent pricing"),
    ]


def test_staff_read_templates_but_cannot_write_them(staff_api):
    assert staff_api.get("/api/v1/selection-templates/").status_code == 200
    response = staff_api.post("/api/v1/selection-templates/", {"name": "AI", "criteria": CRITERIA}, format="json")
    assert response.status_code == 403
    assert not SelectionTemplate.objects.exists()


def test_projects_list_and_side_by_side(admin_api, admin_user, django_assert_max_num_queries):
    project = selection_project(admin=admin_user)
    selection_project("PACS replacement", candidates=("Northwind",), admin=admin_user)
    lumen = project.candidates.get(name="Lumen AI")
    criteria = list(project.template.criteria.all())
    candidate_score(candidate=lumen, scores=[ScoreInput(c.pk, 75) for c in criteria], by=admin_user)
    with django_assert_max_num_queries(8):
        listed = admin_api.get("/api/v1/selection-projects/").json()
    assert {(row["name"], row["candidate_count"]) for row in listed["results"]} == {
        ("New AI vendor", 2),
        ("PACS replacement", 1),
    }
    body = admin_api.get(f"/api/v1/selection-projects/{project.pk}/side-by-side/").json()
    assert [c["name"] for c in body["criteria"]] == [c.name for c in criteria]
    first = body["candidates"][0]
    assert (first["name"], first["total"], first["scores"][0]) == (
        "Lumen AI",
        "75.0",
        {"criterion": criteria[0].pk, "mean": "75.0", "evaluators": 1},
    )
    assert body["candidates"][1]["total"] is None
    assert body["leader"] == lumen.pk
    assert first["costs"]["quoted"] is False


def test_an_evaluator_puts_their_scores_and_bad_ones_are_refused(staff_api, staff_user, admin_user):
    project = selection_project(admin=admin_user)
    candidate = project.candidates.first()
    criterion = project.template.criteria.first()
    url = f"/api/v1/candidates/{candidate.pk}/scores/"
    response = staff_api.put(url, {"scores": [{"criterion": criterion.pk, "score": 101}]}, format="json")
    assert response.status_code == 400
    assert "less than or equal to 100" in str(response.json()["scores"])
    response = staff_api.put(
        url, {"scores": [{"criterion": criterion.pk, "score": 64, "note": "Reference call"}]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()[0]["evaluator"] == staff_user.pk
    assert list(CandidateScore.objects.values_list("evaluator_id", "score", "note")) == [
        (staff_user.pk, 64, "Reference call")
    ]


def test_costs_through_the_api(admin_api, staff_api, admin_user):
    candidate = selection_project(admin=admin_user).candidates.first()
    url = f"/api/v1/candidates/{candidate.pk}/costs/"
    years = {"years": [{"year": 1, "licence": "1000.00", "hardware": "500"}, {"year": 2, "support": "200"}]}
    assert staff_api.put(url, years, format="json").status_code == 403
    assert admin_api.put(url, {"years": [{"year": 1}, {"year": 1}]}, format="json").status_code == 400
    response = admin_api.put(url, years, format="json")
    assert response.status_code == 200
    assert response.json()[0] == {
        "year": 1,
        "licence": "1000.00",
        "support": "0.00",
        "hardware": "500.00",
        "services": "0.00",
    }
    assert candidate.costs.count() == 2


def test_the_decision_through_the_api_makes_a_vendor(admin_api, staff_api, admin_user):
    project = selection_project(admin=admin_user)
    chosen = project.candidates.get(name="Lumen AI")
    url = f"/api/v1/selection-projects/{project.pk}/decide/"
    decision = {"chosen": chosen.pk, "rationale": "Best references", "decided_on": "2026-03-02"}
    assert staff_api.post(url, decision, format="json").status_code == 403
    other = selection_project("Other", candidates=("Northwind",), admin=admin_user).candidates.get()
    response = admin_api.post(url, {**decision, "chosen": other.pk}, format="json")
    assert response.status_code == 400
    assert "chosen" in response.json()
    response = admin_api.post(url, decision, format="json")
    assert response.status_code == 200
    vendor = Vendor.objects.get(name="Lumen AI")
    assert (response.json()["state"], response.json()["chosen"], response.json()["vendor"]) == (
        "decided",
        chosen.pk,
        vendor.pk,
    )
    assert admin_api.post(url, decision, format="json").status_code == 400
    assert Vendor.objects.count() == 1


def test_vendor_users_see_no_selection_candidate_or_template(vendor_api, admin_user):
    project = selection_project(admin=admin_user)
    candidate = project.candidates.first()
    assert vendor_api.get("/api/v1/selection-projects/").json()["results"] == []
    assert vendor_api.get("/api/v1/candidates/").json()["results"] == []
    assert vendor_api.get("/api/v1/selection-templates/").json()["results"] == []
    assert vendor_api.get(f"/api/v1/selection-projects/{project.pk}/side-by-side/").status_code == 404
    assert vendor_api.get(f"/api/v1/candidates/{candidate.pk}/scores/").status_code == 404
    assert SelectionProject.objects.count() == 1
