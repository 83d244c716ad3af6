"""The scorecard pages in Chromium: an admin scores and finalises a draft, the vendor appeals a
criterion in the portal, the side-by-side and trend pages show the demo's two years. Screenshots
go to ``SCREENSHOT_DIR`` when it is set."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Profession
from accounts.tests.factories import TEST_PASSWORD, StaffMemberFactory
from devtools.demo import accounts as accounts_demo
from devtools.demo import scorecards as demo
from devtools.demo import scorecards_surveys
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from scorecards.models import CriterionResponse, Evaluation, ImprovementPlan, Survey, SurveyTemplate
from scorecards.services.surveys import invitation_token, survey_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: object, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def seeded() -> None:
    for module in (vendors_demo, accounts_demo, slas_demo, demo):
        module.seed(DemoSeeder())
    for user in get_user_model().objects.all():  # the demo's published passwords are not the tests'
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])


def test_admin_finalises_and_vendor_appeals(seeded, login, live_server, page) -> None:
    User = get_user_model()
    admin = User.objects.get(username="admin")
    draft = Evaluation.objects.get(vendor__name=demo.AI_VENDOR, state="draft")
    login(admin)
    page.goto(f"{live_server.url}/scorecards/{draft.pk}/")
    assert page.get_by_text("live draft").is_visible()
    shot(page, "evaluation_draft")
    page.get_by_role("button", name="Finalise").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Finalised: scores and inputs are frozen.").is_visible()
    page.get_by_role("button", name="Share with the vendor").click()
    page.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert draft.state == "shared"
    page.goto(f"{live_server.url}/scorecards/compare/")
    shot(page, "comparison")
    assert page.get_by_role("link", name=demo.PACS_VENDOR).is_visible()
    page.goto(f"{live_server.url}/scorecards/vendors/{draft.vendor_id}/")
    shot(page, "trend")
    page.goto(f"{live_server.url}/scorecards/templates/{draft.template_id}/")
    shot(page, "template")
    page.goto(f"{live_server.url}/scorecards/templates/{draft.template_id}/edit/")
    shot(page, "template_form")
    page.goto(f"{live_server.url}/scorecards/")
    shot(page, "evaluation_list")

    vendor_user = User.objects.filter(vendor=draft.vendor, is_active=True).order_by("pk").first()
    login(vendor_user)
    page.goto(f"{live_server.url}/portal/evaluations/")
    shot(page, "portal_list")
    page.goto(f"{live_server.url}/portal/evaluations/{draft.pk}/")
    criterion = draft.snapshot["criteria"][-1]
    page.get_by_label(f"Comment on {criterion['name']}").fill("Our training plan was agreed for Q1.")
    page.get_by_label(f"Comment on {criterion['name']}").locator("xpath=..").get_by_role(
        "button", name="Appeal"
    ).click()
    page.wait_for_load_state("networkidle")
    shot(page, "portal_detail")
    appeal = CriterionResponse.objects.get(evaluation=draft, kind="appeal")
    assert appeal.criterion_id == criterion["criterion_id"]


def test_the_vendor_updates_a_plan_item_in_the_portal(seeded, login, live_server, page) -> None:
    User = get_user_model()
    plan = ImprovementPlan.objects.get(title=demo.PLAN_TITLE)
    login(User.objects.get(username="admin"))
    page.goto(f"{live_server.url}/scorecards/plans/{plan.pk}/")
    assert page.get_by_text("Overdue").first.is_visible()
    shot(page, "plan_detail")
    vendor_user = User.objects.filter(vendor=plan.vendor, is_active=True).order_by("pk").first()
    login(vendor_user)
    page.goto(f"{live_server.url}/portal/plans/{plan.pk}/")
    item = plan.items.get(status="open", owner_side="vendor")
    page.get_by_label(f"Status of {item.description}").select_option("in_progress")
    page.get_by_label(f"Progress of {item.description}").fill("First review booked for next month.")
    page.get_by_label(f"Progress of {item.description}").locator("xpath=..").get_by_role(
        "button", name="Update"
    ).click()
    page.wait_for_load_state("networkidle")
    shot(page, "portal_plan")
    item.refresh_from_db()
    assert (item.status, item.progress) == ("in_progress", "First review booked for next month.")
    # the hospital's own item offers the vendor nothing to change
    theirs = plan.items.get(owner_side="hospital")
    assert page.get_by_label(f"Status of {theirs.description}").count() == 0


def test_a_person_answers_a_survey_by_link_and_the_vendor_sees_aggregates(seeded, login, live_server, page) -> None:
    User = get_user_model()
    admin = User.objects.get(username="admin")
    vendor = Evaluation.objects.get(vendor__name=demo.AI_VENDOR, state="draft").vendor
    StaffMemberFactory(profession=Profession.RADIOLOGIST, email="new.colleague@hospital.example")
    survey = survey_create(
        vendor=vendor,
        template=SurveyTemplate.objects.get(name=scorecards_surveys.TEMPLATE),
        period_kind="quarterly",
        period_start=datetime.date(timezone.localdate().year, 1, 1),
        closes_at=timezone.now() + datetime.timedelta(days=7),
        professions=[Profession.RADIOLOGIST],
        by=admin,
    )
    login(admin)
    page.goto(f"{live_server.url}/scorecards/surveys/{survey.pk}/")
    shot(page, "survey_draft")
    page.get_by_role("button", name="Send to").click()
    page.wait_for_load_state("networkidle")
    survey.refresh_from_db()
    assert survey.state == "open"
    invitation = survey.invitations.get(email="new.colleague@hospital.example")

    page.context.clear_cookies()  # the person has no sign-in
    page.goto(f"{live_server.url}/scorecards/surveys/answer/{invitation_token(invitation)}/")
    for number, question in enumerate(survey.template.questions.order_by("position"), start=1):
        page.get_by_role("group", name=f"{number}. {question.text}").get_by_label("4 · agree").check()
    page.get_by_label("Anything else you would like to tell us about this vendor?").fill("Good AI triage.")
    shot(page, "survey_answer")
    page.get_by_role("button", name="Send answers").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    page.reload()
    assert page.get_by_role("heading", name="Already answered").is_visible()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None

    closed = Survey.objects.get(vendor__name=demo.PACS_VENDOR, state="closed")
    login(admin)
    page.goto(f"{live_server.url}/scorecards/surveys/{closed.pk}/")
    assert page.get_by_text("hospital admins only").is_visible()
    shot(page, "survey_results")
    page.goto(f"{live_server.url}/scorecards/surveys/")
    shot(page, "survey_list")
    vendor_user = User.objects.filter(vendor=closed.vendor, is_active=True).order_by("pk").first()
    login(vendor_user)
    page.goto(f"{live_server.url}/portal/surveys/{closed.pk}/")
    assert page.get_by_text("Per profession").is_visible()
    assert page.get_by_text("hospital admins only").count() == 0
    shot(page, "portal_survey")
