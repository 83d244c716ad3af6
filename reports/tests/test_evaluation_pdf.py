"""The evaluation PDF: its snapshot (criteria, weights, scores and evidence from the frozen
evaluation, the trend against the earlier year, the staff-survey aggregates and the plan's
items), the PDF rendered from it alone, the generation with its progress, and the download by
hospital users and by the vendor once the evaluation is shared."""

import datetime
import subprocess
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from accounts.tests.two_factor import VerifiedClient
from reports.evaluation import render_evaluation_html
from reports.models import EvaluationReport, EvaluationReportDocument
from reports.sections.base import decimal_text
from reports.services.evaluations import evaluation_report_build, evaluation_report_queue
from reports.snapshot import snapshot_sha256
from scorecards.models import Evaluation, ImprovementPlan, Method, PlanItem
from scorecards.services.evaluations import evaluation_create, evaluation_finalise, evaluation_score_manual
from scorecards.tests.factories import active_plan_for, answer_all, draft_for, finalised_for, last_year, sent_survey_for
from slas.tests.factories import agreement_for
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> object:
    return HospitalAdminFactory()


@pytest.fixture
def vendor() -> object:
    vendor = VendorFactory(name="Meridian Imaging")
    contract = ContractFactory(vendor=vendor, start_date=last_year() - datetime.timedelta(days=800))
    agreement_for(contract, effective_from=last_year() - datetime.timedelta(days=800))
    return vendor


def earlier_year(vendor: object, admin: object, template: object) -> Evaluation:
    """The vendor's evaluation of the year before last, communication scored 40."""
    start = last_year().replace(year=last_year().year - 1)
    evaluation = evaluation_create(vendor=vendor, template=template, period_kind="annual", period_start=start, by=admin)
    manual = template.criteria.get(method=Method.MANUAL)
    evaluation_score_manual(evaluation=evaluation, criterion=manual, score=Decimal(40), justification="Late", by=admin)
    return evaluation_finalise(evaluation=evaluation, by=admin)


def evaluated(vendor: object, admin: object) -> Evaluation:
    """Last year's finalised evaluation, with the year before, a staff survey and a plan."""
    survey = sent_survey_for(vendor, people=4, admin=admin)
    answer_all(survey, [4, 5, 3, 4], comment="The engineer who came on Sunday was great")
    evaluation = finalised_for(vendor, admin=admin)
    earlier_year(vendor, admin, evaluation.template)
    plan = active_plan_for(vendor, admin=admin, marker="Archive")
    ImprovementPlan.objects.filter(pk=plan.pk).update(evaluation=evaluation)
    PlanItem.objects.filter(plan=plan, owner_side="hospital").update(status=PlanItem.Status.DONE)
    return evaluation


def built(evaluation: Evaluation, admin: object) -> EvaluationReport:
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        report = evaluation_report_queue(evaluation=evaluation, requested_by=admin)
    assert report.state == EvaluationReport.State.GENERATING
    assert report.progress == 0
    return evaluation_report_build(report_id=report.pk) or report


def pdf_text(pdf: bytes, tmp_path: object) -> str:
    path = tmp_path / "evaluation.pdf"  # type: ignore[operator]
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pdf_holds_the_scores_evidence_trend_surveys_and_plan(admin, vendor, tmp_path) -> None:
    evaluation = evaluated(vendor, admin)

    report = built(evaluation, admin)

    assert (report.state, report.progress, report.error) == ("ready", 100, "")
    snapshot = report.snapshot
    frozen = evaluation.snapshot
    assert snapshot["criteria"] == frozen["criteria"]
    assert snapshot["total"] == frozen["total"]
    assert [area["label"] for area in snapshot["areas"]] == [
        "System reliability",
        "Support quality",
        "Communication",
        "Adherence to the SLA",
    ]
    communication = next(row for row in snapshot["criteria"] if row["name"] == "Communication")
    assert (communication["weight"], communication["score"], communication["justification"]) == (
        20,
        "80.0",
        "Clear notices",
    )
    assert [entry["label"] for entry in snapshot["trend"]] == [str(last_year().year - 1), str(last_year().year)]
    assert snapshot["trend"][0]["areas"]["Communication"] == "40.0"
    assert snapshot["trend"][1]["total"] == decimal_text(evaluation.total, 1)
    survey = snapshot["surveys"][0]
    assert (survey["invited"], survey["answered"], survey["shown"]) == (4, 4, True)
    assert survey["questions"][0]["distribution"] == [0, 0, 1, 2, 1]
    assert survey["questions"][0]["mean"] == "4.00"
    assert "comments" not in survey  # the PDF goes to the vendor: never a comment
    assert [(item["owner_side"], item["status"]) for item in snapshot["plan"]["items"]] == [
        ("Vendor", "open"),
        ("Hospital", "done"),
    ]
    document = EvaluationReportDocument.objects.get(report=report)
    text = pdf_text(bytes(document.pdf), tmp_path)
    assert "Meridian Imaging" in text
    assert "Criteria, weights and scores" in text
    assert "Justification: Clear" in text
    assert "Archive firmware upgrade" in text
    assert "Support answers quickly" in text
    assert "Sunday" not in text
    assert snapshot_sha256(snapshot)[:16] in text.replace("\n", "")
    assert report.pages >= 3
    assert report.filename == f"meridian-imaging-evaluation-{last_year().year}.pdf"


def test_the_same_snapshot_renders_the_same_html(admin, vendor) -> None:
    report = built(evaluated(vendor, admin), admin)
    assert render_evaluation_html(report.snapshot) == render_evaluation_html(report.snapshot)


def test_a_draft_has_no_pdf_and_nothing_is_stored(admin, vendor) -> None:
    draft = draft_for(vendor, admin=admin)
    with pytest.raises(ValidationError, match="Only a finalised evaluation"):
        evaluation_report_queue(evaluation=draft, requested_by=admin)
    assert not EvaluationReport.objects.exists()


def test_only_hospital_admins_generate(vendor) -> None:
    evaluation = finalised_for(vendor)
    with pytest.raises(PermissionDenied):
        evaluation_report_queue(evaluation=evaluation, requested_by=UserFactory())
    assert not EvaluationReport.objects.exists()


def test_a_pdf_being_generated_is_not_started_twice(admin, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        evaluation_report_queue(evaluation=evaluation, requested_by=admin)
        with pytest.raises(ValidationError, match="being generated"):
            evaluation_report_queue(evaluation=evaluation, requested_by=admin)
    assert EvaluationReport.objects.get().state == "generating"


def test_generating_again_rebuilds_the_pdf_with_the_plan_as_it_is_now(admin, vendor) -> None:
    evaluation = evaluated(vendor, admin)
    first = built(evaluation, admin)
    PlanItem.objects.filter(plan__evaluation=evaluation).update(status=PlanItem.Status.DONE)

    again = built(evaluation, admin)

    assert again.pk == first.pk
    assert [item["status"] for item in again.snapshot["plan"]["items"]] == ["done", "done"]
    assert EvaluationReportDocument.objects.count() == 1


def test_a_failed_render_is_recorded_with_its_reason(admin, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    with mock.patch("reports.services.evaluations.render_evaluation_pdf", side_effect=RuntimeError("no fonts")):
        report = built(evaluation, admin)
    assert (report.state, report.error) == ("failed", "RuntimeError: no fonts")
    assert not EvaluationReportDocument.objects.exists()


def logged_in(user: object) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def test_the_vendor_downloads_its_own_pdf_once_the_evaluation_is_shared(admin, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    report = built(evaluation, admin)
    vendor_user = VendorUserFactory(vendor=vendor)
    other = VendorUserFactory(vendor=VendorFactory())
    url = reverse("portal:evaluation_pdf", kwargs={"pk": evaluation.pk})

    assert logged_in(vendor_user).get(url).status_code == 404  # finalised, not shared yet
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.SHARED)
    response = logged_in(vendor_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response) == bytes(EvaluationReportDocument.objects.get(report=report).pdf)
    assert logged_in(other).get(url).status_code == 404
    page = logged_in(vendor_user).get(reverse("portal:evaluation_detail", kwargs={"pk": evaluation.pk}))
    assert url in page.content.decode()


def test_hospital_pages_generate_show_progress_and_download(admin, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    client = logged_in(admin)
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        response = client.post(reverse("reports:evaluation_report_list"), {"evaluation": evaluation.pk})
    report = EvaluationReport.objects.get(evaluation=evaluation)
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Generating the PDF" in page
    evaluation_report_build(report_id=report.pk)
    assert client.get(reverse("reports:evaluation_report_pdf", kwargs={"pk": report.pk})).status_code == 200
    staff = logged_in(UserFactory())
    assert staff.post(reverse("reports:evaluation_report_list"), {"evaluation": evaluation.pk}).status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(admin, django_assert_max_num_queries) -> None:
    reports = [built(finalised_for(VendorFactory(name=name), admin=admin), admin) for name in ("Aster", "Borealis")]
    client = logged_in(admin)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("reports:evaluation_report_list")).content.decode()
    assert all(report.get_absolute_url() in page for report in reports)
    assert "Aster" in page
    assert "Borealis" in page


# --- the API


def test_the_api_generates_lists_and_serves_the_pdf(admin_api, admin_user, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin_user)
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        response = admin_api.post("/api/v1/evaluation-pdfs/generate/", {"evaluation": evaluation.pk}, format="json")
    assert response.status_code == 202
    report = EvaluationReport.objects.get(evaluation=evaluation)
    assert (response.json()["id"], response.json()["state"], response.json()["pdf_url"]) == (
        report.pk,
        "generating",
        None,
    )
    evaluation_report_build(report_id=report.pk)

    listed = admin_api.get("/api/v1/evaluation-pdfs/", {"vendor": vendor.pk}).json()["results"]
    assert [(row["id"], row["state"], row["period"]) for row in listed] == [(report.pk, "ready", str(last_year().year))]
    pdf = admin_api.get(f"/api/v1/evaluation-pdfs/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf) == bytes(EvaluationReportDocument.objects.get(report=report).pdf)


def test_the_api_refuses_a_draft_and_a_staff_user_with_nothing_stored(admin_api, staff_api, admin_user, vendor) -> None:
    draft = draft_for(vendor, admin=admin_user)
    response = admin_api.post("/api/v1/evaluation-pdfs/generate/", {"evaluation": draft.pk}, format="json")
    assert response.status_code == 400
    assert "Only a finalised evaluation" in response.json()["evaluation"][0]
    missing = admin_api.post("/api/v1/evaluation-pdfs/generate/", {"evaluation": 999999}, format="json")
    assert missing.status_code == 400
    assert "evaluation" in missing.json()
    refused = staff_api.post("/api/v1/evaluation-pdfs/generate/", {"evaluation": draft.pk}, format="json")
    assert refused.status_code == 403
    assert not EvaluationReport.objects.exists()


def test_a_vendor_token_reads_its_own_shared_evaluation_s_pdf_only(admin_user, vendor, vendor_api) -> None:
    shared = built(finalised_for(vendor, admin=admin_user, state=Evaluation.State.SHARED), admin_user)
    other = built(
        finalised_for(VendorFactory(name="Other"), admin=admin_user, state=Evaluation.State.SHARED), admin_user
    )

    listed = vendor_api.get("/api/v1/evaluation-pdfs/").json()["results"]
    assert [row["id"] for row in listed] == [shared.pk]
    assert vendor_api.get(f"/api/v1/evaluation-pdfs/{shared.pk}/pdf/").status_code == 200
    assert vendor_api.get(f"/api/v1/evaluation-pdfs/{other.pk}/pdf/").status_code == 404
    generate = vendor_api.post("/api/v1/evaluation-pdfs/generate/", {"evaluation": shared.evaluation_id}, format="json")
    assert generate.status_code == 403
