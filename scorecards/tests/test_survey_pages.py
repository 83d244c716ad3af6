"""Staff surveys over HTTP: the hospital pages, the public answer page behind each link, the
portal (aggregates only) and the API."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory, VendorUserFactory
from accounts.tests.two_factor import VerifiedClient
from notifications.models import OutboxEmail
from scorecards.models import Survey, SurveyResponse, SurveyTemplate
from scorecards.services.surveys import invitation_token, survey_close, survey_send
from scorecards.tests.factories import answer_all, draft_survey_for, last_year, sent_survey_for, survey_template
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def test_an_admin_writes_a_template_starts_a_survey_and_sends_it(admin_client, vendor) -> None:
    StaffMemberFactory.create_batch(2, profession=Profession.RADIOLOGIST)
    StaffMemberFactory(profession=Profession.IT)
    response = admin_client.post(
        "/scorecards/surveys/templates/add/",
        {"name": "Annual staff view", "comment_prompt": "Anything else?", "questions": "Quick answers\nFixes hold\n"},
    )
    template = SurveyTemplate.objects.get(name="Annual staff view")
    assert response.url == template.get_absolute_url()
    assert list(template.questions.values_list("text", flat=True)) == ["Quick answers", "Fixes hold"]

    closes = timezone.localtime() + datetime.timedelta(days=10)
    response = admin_client.post(
        "/scorecards/surveys/add/",
        {
            "vendor": vendor.pk,
            "template": template.pk,
            "period_kind": "annual",
            "year": last_year().year,
            "closes_at": f"{closes:%Y-%m-%dT%H:%M}",
            "professions": [Profession.RADIOLOGIST],
        },
    )
    survey = Survey.objects.get()
    assert response.url == survey.get_absolute_url()
    page = admin_client.get(survey.get_absolute_url()).content.decode()
    assert "Send to 2 people" in page
    admin_client.post(f"/scorecards/surveys/{survey.pk}/act/", {"action": "send"})
    survey.refresh_from_db()
    assert survey.state == Survey.State.OPEN
    assert OutboxEmail.objects.count() == 2


def test_a_template_without_questions_is_a_form_error(admin_client) -> None:
    response = admin_client.post("/scorecards/surveys/templates/add/", {"name": "Empty", "questions": " \n "})
    assert response.status_code == 200
    assert "Ask at least one question." in response.content.decode() or "This field is required." in (
        response.content.decode()
    )
    assert not SurveyTemplate.objects.exists()


def test_a_second_survey_for_the_period_is_a_form_error(admin_client, admin_user, vendor) -> None:
    survey = draft_survey_for(vendor, admin=admin_user)
    closes = timezone.localtime() + datetime.timedelta(days=10)
    response = admin_client.post(
        "/scorecards/surveys/add/",
        {
            "vendor": vendor.pk,
            "template": survey.template_id,
            "period_kind": "annual",
            "year": last_year().year,
            "closes_at": f"{closes:%Y-%m-%dT%H:%M}",
        },
    )
    assert "already has a survey for this period" in response.content.decode()
    assert Survey.objects.count() == 1


def test_a_person_answers_through_their_link_once_without_signing_in(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=1, admin=admin_user)
    url = f"/scorecards/surveys/answer/{invitation_token(survey.invitations.get())}/"
    anonymous = Client()
    page = anonymous.get(url).content.decode()
    assert "Support answers quickly" in page
    assert "Anything else you would like to tell us" in page
    questions = survey.template.questions.all()
    response = anonymous.post(url, {**{f"q{q.pk}": "4" for q in questions}, "comment": "Keep it up"})
    assert "Thank you" in response.content.decode()
    assert SurveyResponse.objects.get().comment == "Keep it up"
    again = anonymous.post(url, {f"q{q.pk}": "1" for q in questions})
    assert "Already answered" in again.content.decode()
    assert "Already answered" in anonymous.get(url).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_is_shown_on_the_form(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=1, admin=admin_user)
    url = f"/scorecards/surveys/answer/{invitation_token(survey.invitations.get())}/"
    response = Client().post(url, {})
    assert "This field is required." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_and_a_forged_link_are_clear_pages(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=2, admin=admin_user)
    first, second = survey.invitations.order_by("pk")
    with time_machine.travel(survey.closes_at + datetime.timedelta(hours=1)):
        assert (
            "This survey is closed"
            in Client().get(f"/scorecards/surveys/answer/{invitation_token(first)}/").content.decode()
        )
    survey_close(survey=survey, by=admin_user)
    url = f"/scorecards/surveys/answer/{invitation_token(second)}/"
    scores = {f"q{q.pk}": "5" for q in survey.template.questions.all()}
    assert "This survey is closed" in Client().post(url, scores).content.decode()
    assert not SurveyResponse.objects.exists()
    assert Client().get("/scorecards/surveys/answer/forged/").status_code == 404


def test_admins_read_the_comments_staff_and_the_vendor_read_aggregates(
    admin_client, staff_client, vendor_client, admin_user, vendor
) -> None:
    survey = sent_survey_for(vendor, people=3, admin=admin_user)
    answer_all(survey, [5, 4, 2], comment="Slow on weekends")
    admin_page = admin_client.get(survey.get_absolute_url()).content.decode()
    assert "Slow on weekends" in admin_page
    assert "3.67" in admin_page  # the first question's mean
    staff_page = staff_client.get(survey.get_absolute_url()).content.decode()
    assert "3.67" in staff_page
    assert "Slow on weekends" not in staff_page
    portal_page = vendor_client.get(f"/portal/surveys/{survey.pk}/").content.decode()
    assert "3.67" in portal_page
    assert "Slow on weekends" not in portal_page
    assert "100 %" in portal_page  # response rate
    other = VendorUserFactory(vendor=VendorFactory(name="Other PACS"))
    other_client = VerifiedClient()
    other_client.force_login(other)
    assert other_client.get(f"/portal/surveys/{survey.pk}/").status_code == 404


def test_the_survey_lists_read_in_a_fixed_number_of_queries(
    admin_client, vendor_client, admin_user, vendor, django_assert_max_num_queries
) -> None:
    for year in (2021, 2022, 2023):
        StaffMemberFactory()
        survey_send(
            survey=draft_survey_for(vendor, admin=admin_user, period_start=datetime.date(year, 1, 1)), by=admin_user
        )
    with django_assert_max_num_queries(15):
        page = admin_client.get("/scorecards/surveys/").content.decode()
    assert page.count("/scorecards/surveys/") >= 3
    with django_assert_max_num_queries(15):
        portal = vendor_client.get("/portal/surveys/").content.decode()
    assert "2023" in portal


def test_the_api_gives_aggregates_and_comments_to_admins_only(admin_api, vendor_api, admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=3, admin=admin_user)
    answer_all(survey, [5, 4, 3], comment="Helpful")
    admin = admin_api.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert admin["results"]["answered"] == 3
    assert admin["results"]["questions"][0]["mean"] == "4.00"
    assert admin["results"]["questions"][0]["distribution"] == [0, 0, 1, 1, 1]
    assert [c["text"] for c in admin["results"]["comments"]] == ["Helpful"] * 3
    ours = vendor_api.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert ours["results"]["comments"] is None
    assert ours["results"]["questions"][0]["mean"] == "4.00"
    listed = admin_api.get("/api/v1/surveys/").json()
    assert listed["results"][0]["answered"] == 3


def test_the_api_starts_sends_and_refuses_bad_input(admin_api, vendor) -> None:
    StaffMemberFactory()
    template = survey_template()
    closes = (timezone.now() + datetime.timedelta(days=7)).isoformat()
    bad = admin_api.post(
        "/api/v1/surveys/",
        {
            "vendor": vendor.pk,
            "template": template.pk,
            "period_start": "2024-01-01",
            "closes_at": closes,
            "professions": ["pilot"],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "professions" in bad.json()
    created = admin_api.post(
        "/api/v1/surveys/",
        {"vendor": vendor.pk, "template": template.pk, "period_start": "2024-01-01", "closes_at": closes},
        format="json",
    )
    assert created.status_code == 201
    sent = admin_api.post(f"/api/v1/surveys/{created.json()['id']}/send/")
    assert sent.json()["state"] == "open"
    assert sent.json()["invited"] == 1
    twice = admin_api.post(f"/api/v1/surveys/{created.json()['id']}/send/")
    assert twice.status_code == 400
