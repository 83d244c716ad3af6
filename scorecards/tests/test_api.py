import datetime

import pytest

from scorecards.models import CriterionResponse, Evaluation, EvaluationTemplate, Method
from scorecards.tests.factories import finalised_for, last_year, standard_template
from slas.tests.factories import agreement_for
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(vendor: object) -> object:
    contract = ContractFactory(vendor=vendor, start_date=last_year() - datetime.timedelta(days=400))
    agreement_for(contract, effective_from=last_year() - datetime.timedelta(days=400))
    return vendor


CRITERIA = [
    {"area": "reliability", "name": "Uptime", "weight": 70, "measure": "uptime", "floor": "99", "target": "99.9"},
    {"area": "communication", "name": "Communication", "weight": 20, "method": "manual"},
]


def test_a_template_s_weights_must_sum_to_100(admin_api) -> None:
    response = admin_api.post("/api/v1/evaluation-templates/", {"name": "API", "criteria": CRITERIA}, format="json")
    assert response.status_code == 400
    assert response.json()["criteria"] == ["The weights sum to 90; they must sum to 100."]
    assert not EvaluationTemplate.objects.exists()
    criteria = [CRITERIA[0], {**CRITERIA[1], "weight": 30}]
    response = admin_api.post("/api/v1/evaluation-templates/", {"name": "API", "criteria": criteria}, format="json")
    assert response.status_code == 201, response.json()
    template = EvaluationTemplate.objects.get()
    assert list(template.criteria.values_list("name", "weight", "method")) == [
        ("Uptime", 70, "measure"),
        ("Communication", 30, "manual"),
    ]


def test_the_api_starts_scores_finalises_and_shares(admin_api, admin_user, evaluated) -> None:
    template = standard_template(admin=admin_user)
    response = admin_api.post(
        "/api/v1/evaluations/",
        {"vendor": evaluated.pk, "template": template.pk, "period_start": f"{last_year():%Y-%m-%d}"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    uptime = next(result for result in body["results"] if result["name"] == "Uptime")
    assert ["Outages", "0"] in uptime["inputs"]
    route = f"/api/v1/evaluations/{body['id']}"
    refused = admin_api.post(f"{route}/finalise/", format="json")
    assert refused.status_code == 400
    assert "Score every manual criterion first" in refused.json()["non_field_errors"][0]
    manual = template.criteria.get(method=Method.MANUAL)
    scored = admin_api.post(
        f"{route}/score/", {"criterion": manual.pk, "score": "70", "justification": "Fine"}, format="json"
    )
    assert scored.status_code == 200
    finalised = admin_api.post(f"{route}/finalise/", format="json").json()
    assert finalised["state"] == "finalised"
    assert len(finalised["snapshot_sha256"]) == 64
    assert admin_api.post(f"{route}/share/", format="json").json()["state"] == "shared"
    again = admin_api.post(
        f"{route}/score/", {"criterion": manual.pk, "score": "10", "justification": "Late"}, format="json"
    )
    assert again.status_code == 400
    assert Evaluation.objects.get().manual_scores.get().score == 70


def test_vendor_users_read_their_shared_evaluations_only_and_respond(vendor_api, admin_user, evaluated) -> None:
    draft = finalised_for(evaluated, admin=admin_user)
    shared = finalised_for(VendorFactory(name="Other"), admin=admin_user, state=Evaluation.State.SHARED)
    assert vendor_api.get("/api/v1/evaluations/").json()["results"] == []
    assert vendor_api.get(f"/api/v1/evaluations/{shared.pk}/").status_code == 404
    Evaluation.objects.filter(pk=draft.pk).update(state=Evaluation.State.SHARED)
    ids = [row["id"] for row in vendor_api.get("/api/v1/evaluations/").json()["results"]]
    assert ids == [draft.pk]
    criterion = draft.snapshot["criteria"][0]["criterion_id"]
    response = vendor_api.post(
        f"/api/v1/evaluations/{draft.pk}/respond/", {"criterion": criterion, "kind": "acknowledge"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["responses"][0]["kind"] == "acknowledge"
    assert CriterionResponse.objects.get().responded_by.vendor_id == evaluated.pk
    assert vendor_api.get("/api/v1/evaluation-templates/").json()["results"] == []
