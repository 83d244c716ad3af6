"""Staff surveys: templates of 1-to-5 questions, a survey per vendor and period sent to an
audience of the staff directory, and answers through signed one-use links.

Sending creates one invitation per person and queues their email through the notifications
outbox in one transaction. An answer locks its invitation, so a link used twice at once
answers once; the answer row keeps the profession and the day, not the invitation, so nothing
ties an answer to a person."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import User
from core import limits
from core.permissions import require
from core.tokens import row_id_from_token, row_token
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from scorecards.models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse, SurveyTemplate
from scorecards.models.surveys import DEFAULT_REMIND_DAYS
from scorecards.selectors.surveys import survey_audience, survey_open_at
from vendors.models import Vendor

State = Survey.State
INVITATION_SALT = "scorecards.survey-invitation"


@transaction.atomic
def survey_template_save(*, template: SurveyTemplate, questions: list[str], by: User) -> SurveyTemplate:
    """Save the template with exactly these questions, in this order (at least one, each once).
    Fixed once a sent survey asks it: its answers name the questions."""
    require(by, "survey.manage")
    if template.pk and Survey.objects.filter(template=template).exclude(state=State.DRAFT).exists():
        raise ValidationError("A sent survey asks this template: it is fixed. Add a new template to change it.")
    texts = [text.strip() for text in questions if text.strip()]
    if not texts:
        raise ValidationError({"questions": "Ask at least one question."})
    if len({text.lower() for text in texts}) != len(texts):
        raise ValidationError({"questions": "Each question is asked once."})
    if any(len(text) > SurveyQuestion._meta.get_field("text").max_length for text in texts):
        raise ValidationError({"questions": "A question is at most 300 characters."})
    template.full_clean()
    template.save()
    existing = {question.text: question for question in template.questions.all()}
    template.questions.exclude(text__in=texts).delete()
    for position, text in enumerate(texts):
        question = existing.get(text) or SurveyQuestion(template=template, text=text)
        question.position = position
        question.save()
    return template


@transaction.atomic
def survey_create(
    *,
    vendor: Vendor,
    template: SurveyTemplate,
    period_kind: str,
    period_start: datetime.date,
    closes_at: datetime.datetime,
    professions: list[str],
    department: str = "",
    site: str = "",
    remind_days_before: int = DEFAULT_REMIND_DAYS,
    by: User,
) -> Survey:
    """A draft survey of one vendor for one period (one per vendor and period)."""
    require(by, "survey.manage")
    if Survey.objects.filter(vendor=vendor, period_kind=period_kind, period_start=period_start).exists():
        raise ValidationError({"period_start": "This vendor already has a survey for this period."})
    if not template.questions.exists():
        raise ValidationError({"template": "This template asks no question yet."})
    survey = Survey(
        vendor=vendor,
        template=template,
        period_kind=period_kind,
        period_start=period_start,
        closes_at=closes_at,
        professions=sorted(set(professions)),
        department=department.strip(),
        site=site.strip(),
        remind_days_before=remind_days_before,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    return survey


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("vendor", "template").get(pk=survey.pk)


def invitation_token(invitation: SurveyInvitation, *, sent_at: datetime.datetime | None = None) -> str:
    """The signed token of a person's link, signed with the time its survey was sent (``sent_at``
    while it is being sent): the same string in the invitation and in the reminder."""
    sent_at = sent_at or invitation.survey.sent_at or timezone.now()
    return row_token(invitation.pk, salt=INVITATION_SALT, key="invitation", signed_at=sent_at)


def invitation_url(invitation: SurveyInvitation, *, sent_at: datetime.datetime | None = None) -> str:
    return settings.SITE_URL + reverse("scorecards:survey_answer", args=[invitation_token(invitation, sent_at=sent_at)])


def invitation_from_token(token: str) -> SurveyInvitation | None:
    """The invitation a link stands for; None when the link does not verify or is gone."""
    pk = row_id_from_token(token, salt=INVITATION_SALT, key="invitation")
    if pk is None:
        return None
    return SurveyInvitation.objects.select_related("survey__vendor", "survey__template").filter(pk=pk).first()


def _invitation_email(
    survey: Survey, invitation: SurveyInvitation, name: str, sent_at: datetime.datetime
) -> EmailMessage:
    link = invitation_url(invitation, sent_at=sent_at)
    closes = formats.date_format(timezone.localtime(survey.closes_at), "j F Y, H:i")
    body = (
        f"Dear {name},\n\n"
        f"How has working with {survey.vendor} been in {survey.period_label}? The PACS team asks a few "
        f"questions (about two minutes, no sign-in needed):\n\n{link}\n\n"
        f"The link is yours and works once, until {closes}. Your answers are anonymous: reports show "
        f"only totals per profession, never who answered what.\n"
    )
    return EmailMessage(
        subject=f"Your view of {survey.vendor}: staff survey {survey.period_label}", body=body, to=[invitation.email]
    )


@transaction.atomic
def survey_send(*, survey: Survey, by: User, now: datetime.datetime | None = None) -> Survey:
    """Send a draft survey: one invitation and one email with a personal link per person of its
    audience, all or none (the invitations without mail while notifications are silenced)."""
    require(by, "survey.manage", survey)
    survey = _locked(survey)
    now = now or timezone.now()
    if survey.state != State.DRAFT:
        raise ValidationError("This survey was sent already.")
    if survey.closes_at <= now:
        raise ValidationError({"closes_at": "The close date has passed: set a later one before sending."})
    people = list(survey_audience(survey))
    if not people:
        raise ValidationError(
            "No one with an email address matches the audience: widen it or fill the staff directory."
        )
    invitations = SurveyInvitation.objects.bulk_create(
        SurveyInvitation(survey=survey, staff_member=person, email=person.email, profession=person.profession)
        for person in people
    )
    if not notifications_silenced():  # replaying history (the demo) asks nobody
        outbox_enqueue_many(
            messages=[
                _invitation_email(survey, invitation, person.name, now)
                for invitation, person in zip(invitations, people, strict=True)
            ]
        )
    survey.state, survey.sent_at = State.OPEN, now
    survey.save(update_fields=["state", "sent_at", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User, now: datetime.datetime | None = None) -> Survey:
    """Stop taking answers before the close date."""
    require(by, "survey.manage", survey)
    survey = _locked(survey)
    if survey.state != State.OPEN:
        raise ValidationError("Only a survey open for answers can be closed.")
    survey.state, survey.closed_at = State.CLOSED, now or timezone.now()
    survey.save(update_fields=["state", "closed_at", "updated_at"])
    return survey


@transaction.atomic
def survey_answer(
    *, invitation: SurveyInvitation, scores: dict[int, int], comment: str = "", now: datetime.datetime | None = None
) -> SurveyResponse:
    """Record one person's answers through their link: once, while the survey is open, every
    question answered from 1 to 5. The answer keeps the profession and the day only."""
    invitation = SurveyInvitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
    survey = invitation.survey
    now = now or timezone.now()
    if invitation.answered_at is not None:
        raise ValidationError("This link has been used: each link answers once.")
    if not survey_open_at(survey, now):
        raise ValidationError("This survey is closed: answers are no longer taken.")
    questions = list(survey.template.questions.values_list("pk", flat=True))
    missing = [pk for pk in questions if pk not in scores]
    if missing or set(scores) - set(questions):
        raise ValidationError("Answer every question of this survey.")
    if any(score not in range(1, 6) for score in scores.values()):
        raise ValidationError("Each answer lies from 1 to 5.")
    limits.check_length("comment", comment, limits.NOTE_LENGTH)
    response = SurveyResponse.objects.create(
        survey=survey,
        profession=invitation.profession,
        answered_on=timezone.localdate(now),
        comment=comment.strip() if survey.template.comment_prompt else "",
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question_id=pk, score=scores[pk]) for pk in questions
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response
