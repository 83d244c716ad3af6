"""Staff surveys: sending to an audience of the staff directory through the outbox, one-use
links, closing, anonymous aggregates per profession, and the scorecard's satisfaction criterion."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory, UserFactory
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from scorecards import scoring
from scorecards.models import Area, EvaluationTemplate, Method, Survey, SurveyAnswer, SurveyInvitation, SurveyResponse
from scorecards.selectors.evaluations import live_scorecard
from scorecards.selectors.surveys import survey_results, vendor_satisfaction
from scorecards.services import surveys as services
from scorecards.services.evaluations import evaluation_create
from scorecards.services.templates import CriterionInput, template_save
from scorecards.tests.factories import answer_all, draft_survey_for, last_year, sent_survey_for, survey_template

pytestmark = pytest.mark.django_db


def test_sending_invites_the_audience_and_queues_one_personal_link_each(admin_user, vendor) -> None:
    radiologists = StaffMemberFactory.create_batch(2, profession=Profession.RADIOLOGIST, site="North")
    StaffMemberFactory(profession=Profession.RADIOLOGIST, site="South")  # another site
    StaffMemberFactory(profession=Profession.IT, site="North")  # another profession
    StaffMemberFactory(profession=Profession.RADIOLOGIST, site="North", email="")  # no address
    StaffMemberFactory(profession=Profession.RADIOLOGIST, site="North", active=False)  # left
    survey = draft_survey_for(vendor, admin=admin_user, professions=[Profession.RADIOLOGIST], site="north")
    survey = services.survey_send(survey=survey, by=admin_user)

    assert survey.state == Survey.State.OPEN
    assert survey.sent_at is not None
    invited = SurveyInvitation.objects.filter(survey=survey)
    assert sorted(invited.values_list("email", flat=True)) == sorted(p.email for p in radiologists)
    assert set(invited.values_list("profession", flat=True)) == {Profession.RADIOLOGIST}
    emails = OutboxEmail.objects.order_by("pk")
    assert sorted(address for email in emails for address in email.to) == sorted(p.email for p in radiologists)
    links = {line for email in emails for line in email.body.splitlines() if "/scorecards/surveys/answer/" in line}
    assert len(links) == 2  # personal: one link each
    with pytest.raises(ValidationError, match="sent already"):
        services.survey_send(survey=survey, by=admin_user)


def test_replaying_history_invites_without_mailing_anyone(admin_user, vendor) -> None:
    StaffMemberFactory.create_batch(2, profession=Profession.RADIOLOGIST)
    survey = draft_survey_for(vendor, admin=admin_user, professions=[Profession.RADIOLOGIST])
    with silenced():  # as the demo seed runs
        services.survey_send(survey=survey, by=admin_user)

    assert SurveyInvitation.objects.filter(survey=survey).count() == 2
    assert not OutboxEmail.objects.exists()


def test_an_audience_of_no_one_sends_nothing(admin_user, vendor) -> None:
    survey = draft_survey_for(vendor, admin=admin_user, department="Nowhere")
    with pytest.raises(ValidationError, match="No one"):
        services.survey_send(survey=survey, by=admin_user)
    survey.refresh_from_db()
    assert survey.state == Survey.State.DRAFT
    assert not SurveyInvitation.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_one_survey_per_vendor_and_period_and_only_admins_run_them(admin_user, vendor) -> None:
    draft_survey_for(vendor, admin=admin_user)
    with pytest.raises(ValidationError) as error:
        draft_survey_for(vendor, admin=admin_user)
    assert "period_start" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        draft_survey_for(vendor, admin=UserFactory(), period_start=datetime.date(2020, 1, 1))


def test_a_link_answers_once_and_the_answer_does_not_name_the_person(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=1, admin=admin_user)
    invitation = survey.invitations.get()
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    assert services.invitation_from_token(token + "x") is None
    questions = list(survey.template.questions.all())
    response = services.survey_answer(
        invitation=invitation, scores={q.pk: 4 for q in questions}, comment="  Good on-site visits "
    )
    assert response.profession == invitation.profession
    assert response.comment == "Good on-site visits"
    assert [f.name for f in SurveyResponse._meta.get_fields() if f.is_relation] == ["answers", "survey"]
    assert list(SurveyAnswer.objects.values_list("score", flat=True)) == [4, 4, 4]
    with pytest.raises(ValidationError, match="has been used"):
        services.survey_answer(invitation=invitation, scores={q.pk: 1 for q in questions})
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == 3


def test_every_question_is_answered_from_1_to_5(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=1, admin=admin_user)
    invitation = survey.invitations.get()
    first, *others = survey.template.questions.all()
    with pytest.raises(ValidationError, match="every question"):
        services.survey_answer(invitation=invitation, scores={first.pk: 3})
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.survey_answer(invitation=invitation, scores={q.pk: 6 for q in [first, *others]})
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert not SurveyResponse.objects.exists()


def test_no_answer_after_the_close_date_or_once_closed(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=2, admin=admin_user)
    late, early = survey.invitations.order_by("pk")
    scores = {q.pk: 3 for q in survey.template.questions.all()}
    with (
        time_machine.travel(survey.closes_at + datetime.timedelta(minutes=1)),
        pytest.raises(ValidationError, match="closed"),
    ):
        services.survey_answer(invitation=late, scores=scores)
    services.survey_close(survey=survey, by=admin_user)
    with pytest.raises(ValidationError, match="closed"):
        services.survey_answer(invitation=early, scores=scores)
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError, match="Only a survey open"):
        services.survey_close(survey=survey, by=admin_user)


def test_results_per_question_and_profession_show_from_three_answers(admin_user, vendor) -> None:
    StaffMemberFactory.create_batch(2, profession=Profession.IT)
    survey = sent_survey_for(vendor, people=4, admin=admin_user)  # 4 radiographers + 2 IT
    invitations = list(survey.invitations.order_by("pk"))
    questions = list(survey.template.questions.order_by("position"))
    by_profession = {Profession.RADIOGRAPHER: [5, 4, 4], Profession.IT: [2]}
    for profession, scores in by_profession.items():
        mine = [i for i in invitations if i.profession == profession]
        for invitation, score in zip(mine, scores, strict=False):
            services.survey_answer(invitation=invitation, scores={q.pk: score for q in questions}, comment=f"{score}!")

    results = survey_results(survey, with_comments=True)
    assert (results.invited, results.answered) == (6, 4)
    assert results.rate == Decimal(4) / 6 * 100
    first = results.questions[0]
    assert first.distribution == [0, 1, 0, 2, 1]
    assert first.mean == Decimal("3.75")
    groups = {group.profession: group for group in results.groups}
    assert groups[Profession.RADIOGRAPHER].means == [Decimal("4.33")] * 3
    assert (groups[Profession.RADIOGRAPHER].invited, groups[Profession.RADIOGRAPHER].answered) == (4, 3)
    # One IT answer: shown in the totals, never on its own.
    assert groups[Profession.IT].means == [None] * 3
    assert not groups[Profession.IT].shown
    assert sorted(c.text for c in results.comments) == ["2!", "4!", "4!", "5!"]
    assert survey_results(survey, with_comments=False).comments is None


def test_results_stay_hidden_below_three_answers(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=3, admin=admin_user)
    invitation = survey.invitations.first()
    services.survey_answer(invitation=invitation, scores={q.pk: 5 for q in survey.template.questions.all()})
    results = survey_results(survey, with_comments=False)
    assert results.answered == 1
    assert not results.shown
    assert all(q.mean is None and q.distribution == [0] * 5 for q in results.questions)


def test_results_read_in_a_fixed_number_of_queries(admin_user, vendor, django_assert_max_num_queries) -> None:
    survey = sent_survey_for(vendor, people=12, admin=admin_user)
    answer_all(survey, [5, 4, 3, 2], comment="Fine")
    survey = Survey.objects.select_related("template").get(pk=survey.pk)
    with django_assert_max_num_queries(5):
        results = survey_results(survey, with_comments=True)
    assert results.answered == 12
    assert len(results.comments) == 12


def test_the_satisfaction_criterion_scores_from_the_surveys_of_the_period(admin_user, vendor) -> None:
    template = template_save(
        template=EvaluationTemplate(name="With satisfaction"),
        criteria=[CriterionInput(Area.COMMUNICATION, "Staff satisfaction", 100, method=Method.SURVEY)],
        by=admin_user,
    )
    evaluation = evaluation_create(
        vendor=vendor, template=template, period_kind="annual", period_start=last_year(), by=admin_user
    )
    assert live_scorecard(evaluation).results[0].score is None  # no survey yet

    survey = sent_survey_for(vendor, people=4, admin=admin_user)
    answer_all(survey, [5, 4, 4])  # the fourth answers 5 again: mean 4.5
    card = live_scorecard(evaluation)
    result = card.results[0]
    assert result.value == Decimal("4.5")
    assert result.score == scoring.likert_score(Decimal("4.5")) == Decimal("87.5")
    assert card.total == Decimal("87.5")
    assert ("Responses", "4 of 4 asked (100 %)") in result.inputs

    other_year = vendor_satisfaction(vendor.pk, datetime.date(2001, 1, 1), datetime.date(2002, 1, 1))
    assert other_year.value is None


def test_the_satisfaction_criterion_needs_three_responses(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=3, admin=admin_user)
    services.survey_answer(
        invitation=survey.invitations.first(), scores={q.pk: 5 for q in survey.template.questions.all()}
    )
    measured = vendor_satisfaction(vendor.pk, last_year(), last_year().replace(year=last_year().year + 1))
    assert measured.value is None
    assert ("Not scored", "fewer than 3 responses") in measured.inputs


def test_a_sent_survey_fixes_its_template(admin_user, vendor) -> None:
    survey = sent_survey_for(vendor, people=1, admin=admin_user)
    with pytest.raises(ValidationError, match="fixed"):
        services.survey_template_save(template=survey.template, questions=["New"], by=admin_user)
    template = survey_template(name="Another", admin=admin_user)
    with pytest.raises(ValidationError) as error:
        services.survey_template_save(template=template, questions=["Same", "same"], by=admin_user)
    assert "questions" in error.value.message_dict
    services.survey_template_save(template=template, questions=["Fixes hold", "", "New one"], by=admin_user)
    assert list(template.questions.order_by("position").values_list("text", flat=True)) == ["Fixes hold", "New one"]


def test_likert_score_maps_one_to_zero_and_five_to_hundred() -> None:
    assert scoring.likert_score(Decimal(1)) == Decimal(0)
    assert scoring.likert_score(Decimal(5)) == Decimal(100)
    assert scoring.likert_score(Decimal(3)) == Decimal(50)


def test_the_close_date_must_lie_ahead_when_sending(admin_user, vendor) -> None:
    StaffMemberFactory()
    survey = draft_survey_for(vendor, admin=admin_user)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.survey_send(survey=survey, by=admin_user)
    assert "closes_at" in error.value.message_dict
