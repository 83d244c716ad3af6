"""Survey reminders: one, to each person who has not answered, ``remind_days_before`` days before
the survey closes, with the same personal link as the invitation; never twice, never to someone
who answered, never after the close, not at all with 0 days; the setting on the form and API."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from scorecards.models import Survey, SurveyInvitation
from scorecards.services.survey_reminders import survey_reminders_send
from scorecards.services.surveys import survey_answer, survey_send
from scorecards.tests.factories import draft_survey_for, last_year, survey_template

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/surveys/answer/\S+/")


def sent(vendor: object, admin: object, *, people: int = 3, **settings: object) -> Survey:
    StaffMemberFactory.create_batch(people, profession=Profession.RADIOLOGIST)
    survey = draft_survey_for(vendor, admin=admin, professions=[Profession.RADIOLOGIST], **settings)
    return survey_send(survey=survey, by=admin)


def link_in(email: OutboxEmail) -> str:
    return LINK.search(email.body).group(0)


def test_non_respondents_are_reminded_once_with_their_own_link(admin_user, vendor) -> None:
    survey = sent(vendor, admin_user)
    invitations = list(survey.invitations.order_by("pk"))
    links = {email.to[0]: link_in(email) for email in OutboxEmail.objects.all()}
    questions = survey.template.questions.all()
    survey_answer(invitation=invitations[0], scores={q.pk: 4 for q in questions}, comment="")
    OutboxEmail.objects.all().delete()

    early = survey_reminders_send(now=survey.closes_at - datetime.timedelta(days=3, minutes=1))
    assert early.done == 0
    assert not OutboxEmail.objects.exists()

    due = survey.closes_at - datetime.timedelta(days=2)
    report = survey_reminders_send(now=due)

    assert (report.done, report.failed) == (2, [])
    reminders = list(OutboxEmail.objects.order_by("pk"))
    assert sorted(email.to[0] for email in reminders) == sorted(i.email for i in invitations[1:])
    assert all(link_in(email) == links[email.to[0]] for email in reminders)  # the same personal link
    assert all(email.subject.startswith("Reminder: your view of") for email in reminders)
    stamped = dict(SurveyInvitation.objects.values_list("pk", "reminded_at"))
    assert stamped == {invitations[0].pk: None, invitations[1].pk: due, invitations[2].pk: due}

    again = survey_reminders_send(now=due + datetime.timedelta(hours=1))
    assert again.done == 0
    assert OutboxEmail.objects.count() == 2


def test_a_reminder_link_answers_the_invitation(admin_user, vendor, client) -> None:
    survey = sent(vendor, admin_user, people=1)
    OutboxEmail.objects.all().delete()
    survey_reminders_send(now=survey.closes_at - datetime.timedelta(days=1))
    path = "/" + link_in(OutboxEmail.objects.get()).split("/", 3)[3]
    questions = survey.template.questions.all()

    response = client.post(path, {f"q{q.pk}": "5" for q in questions})

    assert response.status_code in (200, 302)
    assert SurveyInvitation.objects.get().answered_at is not None


def test_no_reminder_with_zero_days_after_the_close_or_for_a_closed_survey(admin_user, vendor) -> None:
    never = sent(vendor, admin_user, remind_days_before=0)
    assert never.remind_days_before == 0
    OutboxEmail.objects.all().delete()
    assert survey_reminders_send(now=never.closes_at - datetime.timedelta(hours=1)).done == 0
    assert survey_reminders_send(now=never.closes_at + datetime.timedelta(hours=1)).done == 0
    Survey.objects.filter(pk=never.pk).update(remind_days_before=3, state=Survey.State.CLOSED)
    assert survey_reminders_send(now=never.closes_at - datetime.timedelta(hours=1)).done == 0
    assert not OutboxEmail.objects.exists()
    assert not SurveyInvitation.objects.filter(reminded_at__isnull=False).exists()


def test_replaying_history_stamps_the_reminders_without_mailing(admin_user, vendor) -> None:
    survey = sent(vendor, admin_user, people=2)
    OutboxEmail.objects.all().delete()
    with silenced():
        report = survey_reminders_send(now=survey.closes_at - datetime.timedelta(days=1))
    assert report.done == 2
    assert not OutboxEmail.objects.exists()
    assert not SurveyInvitation.objects.filter(reminded_at__isnull=True).exists()


def test_the_command_reminds_and_says_how_many(admin_user, vendor, time_machine) -> None:
    survey = sent(vendor, admin_user, people=2)
    time_machine.move_to(survey.closes_at - datetime.timedelta(days=1), tick=False)
    out = StringIO()
    call_command("send_survey_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminded 2 person(s)."
    assert SurveyInvitation.objects.filter(reminded_at__isnull=False).count() == 2


def test_the_setting_is_taken_and_checked_by_the_form_and_the_api(admin_client, admin_api, vendor) -> None:
    template = survey_template()
    form = {
        "vendor": vendor.pk,
        "template": template.pk,
        "period_kind": "annual",
        "year": last_year().year,
        "closes_at": (datetime.datetime.now() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "remind_days_before": "61",
    }
    refused = admin_client.post("/scorecards/surveys/add/", form)
    assert refused.status_code == 200
    assert "remind_days_before" in refused.context["form"].errors
    assert not Survey.objects.exists()
    admin_client.post("/scorecards/surveys/add/", {**form, "remind_days_before": "5"})
    assert Survey.objects.get().remind_days_before == 5

    data = {
        "vendor": vendor.pk,
        "template": template.pk,
        "period_start": last_year().replace(year=last_year().year - 1).isoformat(),
        "closes_at": (datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=10)).isoformat(),
        "remind_days_before": -1,
    }
    bad = admin_api.post("/api/v1/surveys/", data, format="json")
    assert bad.status_code == 400
    assert "remind_days_before" in bad.json()
    created = admin_api.post("/api/v1/surveys/", {**data, "remind_days_before": 7}, format="json")
    assert created.status_code == 201
    assert created.json()["remind_days_before"] == 7
