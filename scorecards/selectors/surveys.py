"""Reads on staff surveys: templates, surveys with their response rate, who a survey would ask,
the aggregated results (per question and per profession), and the satisfaction a scorecard's
survey criterion is scored from.

Anonymity: an answer is stored with the respondent's profession and day only, and results show
for a group only from ``MIN_GROUP_RESPONSES`` answers on, so a small group's answers cannot be
told apart. Free-text comments are read only when the caller says the user may (hospital admins)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DateTimeField, ExpressionWrapper, F, Prefetch, Q, QuerySet

from accounts.models import Profession, StaffMember
from accounts.selectors import staff_list
from core.formatting import format_number, format_percent
from scorecards.models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse, SurveyTemplate
from scorecards.selectors.measures import Measurement

MIN_GROUP_RESPONSES = 3
SCALE = range(1, 6)
ANSWERED = Q(answered_at__isnull=False)


def survey_template_list() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.annotate(question_count=Count("questions"))


def survey_template_detail() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.prefetch_related("questions")


def survey_list() -> QuerySet[Survey]:
    """Surveys with their vendor, template, people asked and people who answered (one query)."""
    return Survey.objects.select_related("vendor", "template").annotate(
        invited=Count("invitations"), answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False))
    )


def survey_detail() -> QuerySet[Survey]:
    questions = SurveyQuestion.objects.order_by("position", "pk")
    return (
        survey_list().select_related("created_by").prefetch_related(Prefetch("template__questions", queryset=questions))
    )


def survey_audience(survey: Survey) -> QuerySet[StaffMember]:
    """The active people of the staff directory the survey asks: its professions (all if none),
    department and site, each with an email address to send the link to."""
    people = staff_list().filter(active=True).exclude(email="")
    if survey.professions:
        people = people.filter(profession__in=survey.professions)
    if survey.department:
        people = people.filter(department__iexact=survey.department)
    if survey.site:
        people = people.filter(site__iexact=survey.site)
    return people


def survey_open_at(survey: Survey, now: datetime.datetime) -> bool:
    """Whether the survey takes answers at ``now``: sent, not closed, before its close date."""
    return survey.state == Survey.State.OPEN and now < survey.closes_at


def _rate(answered: int, invited: int) -> Decimal | None:
    return Decimal(answered) / Decimal(invited) * 100 if invited else None


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    text: str
    responses: int
    mean: Decimal | None  # None below MIN_GROUP_RESPONSES answers
    distribution: list[int]  # answers per point of the scale, 1 to 5 (zeros when hidden)

    @property
    def bars(self) -> list[tuple[int, int, Decimal]]:
        """(point, answers, share in %) for the distribution chart."""
        return [
            (point, count, _rate(count, self.responses) or Decimal(0))
            for point, count in zip(SCALE, self.distribution, strict=True)
        ]


@dataclass(frozen=True)
class GroupResult:
    profession: str
    label: str
    invited: int
    answered: int
    rate: Decimal | None
    means: list[Decimal | None]  # per question, in the order of ``SurveyResults.questions``

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_GROUP_RESPONSES


@dataclass(frozen=True)
class Comment:
    answered_on: datetime.date
    profession: str
    text: str


@dataclass(frozen=True)
class SurveyResults:
    invited: int
    answered: int
    rate: Decimal | None
    questions: list[QuestionResult]
    groups: list[GroupResult]
    comments: list[Comment] | None  # None: not the reader's to see

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_GROUP_RESPONSES


PROFESSION_LABELS = dict(Profession.choices)


def survey_results(survey: Survey, *, with_comments: bool) -> SurveyResults:
    """The survey's aggregates: response rate overall and per profession, and per question the
    mean and the distribution of answers, overall and per profession, each only from
    ``MIN_GROUP_RESPONSES`` answers on. A fixed number of queries, however many answered."""
    questions = list(survey.template.questions.all())
    invitations = {
        row["profession"]: row
        for row in SurveyInvitation.objects.filter(survey=survey)
        .values("profession")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=ANSWERED))
    }
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    counts: dict[tuple[int, int], int] = {
        (row["question_id"], row["score"]): row["n"]
        for row in answers.values("question_id", "score").annotate(n=Count("pk"))
    }
    group_means: dict[tuple[str, int], Decimal] = {
        (row["response__profession"], row["question_id"]): Decimal(str(row["mean"])).quantize(Decimal("0.01"))
        for row in answers.values("response__profession", "question_id").annotate(mean=Avg("score"))
    }
    invited = sum(row["invited"] for row in invitations.values())
    answered = sum(row["answered"] for row in invitations.values())
    question_results = [
        _question_result(question, counts, shown=answered >= MIN_GROUP_RESPONSES) for question in questions
    ]
    groups = [
        GroupResult(
            profession=profession,
            label=PROFESSION_LABELS.get(profession, profession),
            invited=row["invited"],
            answered=row["answered"],
            rate=_rate(row["answered"], row["invited"]),
            means=[
                group_means.get((profession, question.pk)) if row["answered"] >= MIN_GROUP_RESPONSES else None
                for question in questions
            ],
        )
        for profession, row in sorted(invitations.items(), key=lambda item: PROFESSION_LABELS.get(item[0], item[0]))
    ]
    comments = None
    if with_comments:
        comments = [
            Comment(answered_on, PROFESSION_LABELS.get(profession, profession), text)
            for answered_on, profession, text in SurveyResponse.objects.filter(survey=survey)
            .exclude(comment="")
            .order_by("answered_on", "pk")
            .values_list("answered_on", "profession", "comment")
        ]
    return SurveyResults(invited, answered, _rate(answered, invited), question_results, groups, comments)


def _question_result(question: SurveyQuestion, counts: dict[tuple[int, int], int], *, shown: bool) -> QuestionResult:
    distribution = [counts.get((question.pk, point), 0) for point in SCALE]
    responses = sum(distribution)
    if not shown or not responses:
        return QuestionResult(question.pk, question.text, responses, None, [0] * len(SCALE))
    mean = Decimal(sum(point * count for point, count in zip(SCALE, distribution, strict=True))) / responses
    return QuestionResult(question.pk, question.text, responses, mean.quantize(Decimal("0.01")), distribution)


def vendor_satisfaction(vendor_id: int, first_day: datetime.date, end_day: datetime.date) -> Measurement:
    """What the staff surveys of the vendor for a period (those starting in it, once sent) say:
    the mean of every answer on the 1-to-5 scale, with the response rate behind it; nothing
    below ``MIN_GROUP_RESPONSES`` responses. Two queries."""
    surveys = Survey.objects.filter(vendor_id=vendor_id, period_start__gte=first_day, period_start__lt=end_day).exclude(
        state=Survey.State.DRAFT
    )
    invitations = SurveyInvitation.objects.filter(survey__in=surveys).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=ANSWERED)
    )
    if not invitations["invited"]:
        return Measurement(None, [("Staff surveys", "none sent for this period")])
    mean = SurveyAnswer.objects.filter(response__survey__in=surveys).aggregate(mean=Avg("score"))["mean"]
    answered, invited = invitations["answered"], invitations["invited"]
    inputs = [("Responses", f"{answered} of {invited} asked ({format_percent(_rate(answered, invited), 0)})")]
    if answered < MIN_GROUP_RESPONSES or mean is None:
        inputs.append(("Not scored", f"fewer than {MIN_GROUP_RESPONSES} responses"))
        return Measurement(None, inputs)
    value = Decimal(str(mean))
    inputs.append(("Mean answer", f"{format_number(value.quantize(Decimal('0.01')))} of 5"))
    return Measurement(value, inputs)


def surveys_due_for_reminders(now: datetime.datetime) -> QuerySet[Survey]:
    """Open surveys that remind (``remind_days_before`` above 0), not closed yet, whose reminder
    time (the close minus those days) has come. One query."""
    remind_from = ExpressionWrapper(
        F("closes_at") - F("remind_days_before") * datetime.timedelta(days=1), output_field=DateTimeField()
    )
    return (
        Survey.objects.select_related("vendor")
        .filter(state=Survey.State.OPEN, remind_days_before__gt=0, closes_at__gt=now)
        .alias(remind_from=remind_from)
        .filter(remind_from__lte=now)
        .order_by("closes_at", "pk")
    )
