import datetime
import re
from decimal import Decimal

import pytest

from scorecards.models import CriterionResponse, Evaluation, EvaluationTemplate, ManualScore, Method, Standing
from scorecards.tests.factories import draft_for, finalised_for, last_year, standard_template
from slas.tests.factories import agreement_for
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(vendor: object) -> object:
    contract = ContractFactory(vendor=vendor, start_date=last_year() - datetime.timedelta(days=400))
    agreement_for(contract, effective_from=last_year() - datetime.timedelta(days=400))
    return vendor


def test_an_admin_starts_scores_finalises_and_shares_an_evaluation(admin_client, admin_user, evaluated) -> None:
    template = standard_template(admin=admin_user)
    response = admin_client.post(
        "/scorecards/add/",
        {"vendor": evaluated.pk, "template": template.pk, "period_kind": "annual", "year": last_year().year},
    )
    evaluation = Evaluation.objects.get(vendor=evaluated)
    assert response.url == f"/scorecards/{evaluation.pk}/"
    page = admin_client.get(response.url).content.decode()
    assert "live draft" in page
    assert "Outages: 0" in page
    assert "Save score" in page
    manual = template.criteria.get(method=Method.MANUAL)
    act = f"/scorecards/{evaluation.pk}/act/"
    admin_client.post(
        act, {"action": "score", "criterion": manual.pk, "score": "75", "justification": "Timely notices"}
    )
    assert ManualScore.objects.get(evaluation=evaluation).score == Decimal(75)
    admin_client.post(act, {"action": "recognise", "recognition": "Quick P1 responses"})
    admin_client.post(act, {"action": "finalise"})
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.FINALISED
    assert evaluation.snapshot["recognition"] == "Quick P1 responses"
    admin_client.post(act, {"action": "share"})
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.SHARED
    page = admin_client.get(f"/scorecards/{evaluation.pk}/").content.decode()
    assert evaluation.snapshot_sha256[:17] in page
    assert "Save score" not in page


def test_a_finalised_evaluation_refuses_a_score_with_a_message(admin_client, admin_user, evaluated) -> None:
    evaluation = finalised_for(evaluated, admin=admin_user)
    manual = evaluation.template.criteria.get(method=Method.MANUAL)
    response = admin_client.post(
        f"/scorecards/{evaluation.pk}/act/",
        {"action": "score", "criterion": manual.pk, "score": "5", "justification": "Again"},
        follow=True,
    )
    assert "its scores are frozen" in response.content.decode()
    assert ManualScore.objects.get(evaluation=evaluation).score == 80


def test_the_vendor_sees_only_shared_evaluations_and_appeals_in_the_portal(
    vendor_client, admin_user, evaluated
) -> None:
    evaluation = finalised_for(evaluated, admin=admin_user)
    assert vendor_client.get(f"/portal/evaluations/{evaluation.pk}/").status_code == 404
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.SHARED)
    listing = vendor_client.get("/portal/evaluations/").content.decode()
    assert evaluation.period_label in listing
    page = vendor_client.get(f"/portal/evaluations/{evaluation.pk}/").content.decode()
    assert 'value="appeal"' in page
    uptime = evaluation.template.criteria.get(name="Uptime")
    vendor_client.post(
        f"/portal/evaluations/{evaluation.pk}/act/",
        {"action": "respond", "criterion": uptime.pk, "kind": "appeal", "comment": "Network, not us"},
    )
    response = CriterionResponse.objects.get()
    assert (response.criterion_id, response.kind, response.comment) == (uptime.pk, "appeal", "Network, not us")
    # another vendor's evaluation does not exist for this user
    other = finalised_for(VendorFactory(name="Other"), admin=admin_user, state=Evaluation.State.SHARED)
    assert vendor_client.get(f"/portal/evaluations/{other.pk}/").status_code == 404


def test_templates_refuse_weights_not_summing_to_100_in_the_form(admin_client) -> None:
    data = {
        "name": "Lean",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-area": "reliability",
        "criteria-0-name": "Uptime",
        "criteria-0-weight": "60",
        "criteria-0-method": "measure",
        "criteria-0-measure": "uptime",
        "criteria-0-rule": "linear",
        "criteria-0-floor": "99",
        "criteria-0-target": "99.9",
        "criteria-1-area": "communication",
        "criteria-1-name": "Communication",
        "criteria-1-weight": "30",
        "criteria-1-method": "manual",
    }
    response = admin_client.post("/scorecards/templates/add/", data)
    assert response.status_code == 200
    assert "The weights sum to 90; they must sum to 100." in response.content.decode()
    assert not EvaluationTemplate.objects.exists()
    response = admin_client.post("/scorecards/templates/add/", {**data, "criteria-1-weight": "40"})
    template = EvaluationTemplate.objects.get()
    assert response.url == f"/scorecards/templates/{template.pk}/"
    assert list(template.criteria.values_list("name", "weight")) == [("Uptime", 60), ("Communication", 40)]


def test_side_by_side_and_trend_read_snapshots_only(
    admin_client, admin_user, evaluated, django_assert_max_num_queries
) -> None:
    for index in range(5):
        finalised_for(VendorFactory(name=f"Vendor {index}"), admin=admin_user)
    draft_for(evaluated, admin=admin_user)
    with django_assert_max_num_queries(12):
        page = admin_client.get("/scorecards/compare/").content.decode()
    assert page.count("Draft: scored once finalised") == 1
    assert "Vendor 4" in page
    vendor = Evaluation.objects.exclude(vendor=evaluated).first().vendor
    with django_assert_max_num_queries(12):
        trend = admin_client.get(f"/scorecards/vendors/{vendor.pk}/").content.decode()
    assert "Area: Communication" in trend
    with django_assert_max_num_queries(14):
        listing = admin_client.get("/scorecards/").content.decode()
    assert "Vendor 3" in listing


def test_standings_are_set_on_their_page_and_must_start_at_0(admin_client, staff_client) -> None:
    page = staff_client.get("/scorecards/standings/").content.decode()
    assert "85 to 100" in page
    assert "Save standings" not in page
    rows = {
        "standings-TOTAL_FORMS": "2",
        "standings-INITIAL_FORMS": "0",
        "standings-0-name": "Good",
        "standings-0-minimum": "60",
        "standings-0-colour": "success",
        "standings-1-name": "Weak",
        "standings-1-minimum": "10",
        "standings-1-requires_plan": "on",
        "standings-1-colour": "danger",
    }
    refused = admin_client.post("/scorecards/standings/", rows)
    assert "One standing must start at 0" in refused.content.decode()
    assert Standing.objects.count() == 4
    admin_client.post("/scorecards/standings/", {**rows, "standings-1-minimum": "0"})
    assert list(Standing.objects.values_list("name", "minimum", "requires_plan")) == [
        ("Good", 60, False),
        ("Weak", 0, True),
    ]
    assert staff_client.post("/scorecards/standings/", rows).status_code == 403


def test_the_standings_page_says_when_there_are_none(staff_client) -> None:
    Standing.objects.all().delete()
    page = staff_client.get("/scorecards/standings/").content.decode()
    assert "No standings set" in page


def test_the_evaluation_page_links_its_pdf_once_generated(admin_client, admin_user):
    from reports.tests.factories import make_evaluation_report

    vendor = VendorFactory(name="Pdf Vendor")
    report = make_evaluation_report(vendor=vendor, user=admin_user, marker="Pdf")
    other = finalised_for(VendorFactory(name="No Pdf Vendor"), admin=admin_user)
    html = admin_client.get(f"/scorecards/{report.evaluation_id}/").content.decode()
    assert f'href="{report.get_absolute_url()}"' in html
    without = admin_client.get(f"/scorecards/{other.pk}/").content.decode()
    assert not re.search(r'href="/reports/evaluations/\d+/"', without)
