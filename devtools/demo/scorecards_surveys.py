"""Demo staff surveys: one template, and for each demo vendor last year's survey, sent to its
users in the staff directory, answered by most of them and closed, so the scorecard's
satisfaction criterion has answers to score and each survey page shows rates, means,
distributions and comments. Called by ``devtools.demo.scorecards`` before the evaluations are
finalised. Idempotent (one survey per vendor and period)."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Profession
from devtools.seeding import DemoSeeder
from scorecards.models import Survey, SurveyTemplate
from scorecards.services import surveys as services
from vendors.models import Vendor

TEMPLATE = "Annual staff survey"
QUESTIONS = [
    "The vendor's support answers quickly when something is wrong.",
    "Fixes solve the problem for good.",
    "Planned maintenance and upgrades are announced in good time.",
    "The system is fast enough for my daily work.",
    "Training prepared me well for the system.",
]
# Who is asked about each vendor, how many of them answer, and how they lean (mean answer).
AUDIENCES = {
    "Meridian Imaging Systems": ([Profession.RADIOLOGIST, Profession.RADIOGRAPHER, Profession.PACS_ADMIN], 0.7, 4.0),
    "Archivault Health": ([Profession.IT, Profession.PACS_ADMIN, Profession.ADMINISTRATIVE], 0.8, 3.1),
    "Lumen Diagnostics AI": ([Profession.RADIOLOGIST], 0.6, 3.6),
}
COMMENTS = [
    "Weekend support takes too long to call back.",
    "The last upgrade went smoothly, thank you.",
    "Hanging protocols still reset after updates.",
    "Very helpful on-site engineer.",
    "",
    "",
]


def _template(admin: object) -> SurveyTemplate:
    template = SurveyTemplate.objects.filter(name=TEMPLATE).first()
    if template is None:
        template = services.survey_template_save(
            template=SurveyTemplate(
                name=TEMPLATE, description="Asked every year of the people who work with each vendor's system."
            ),
            questions=QUESTIONS,
            by=admin,
        )
    return template


def _answer(survey: Survey, share: float, lean: float, rng: random.Random) -> None:
    questions = list(survey.template.questions.order_by("position"))
    invitations = list(survey.invitations.order_by("pk"))
    for invitation in invitations[: round(len(invitations) * share)]:
        scores = {q.pk: min(5, max(1, round(rng.gauss(lean, 0.9)))) for q in questions}
        services.survey_answer(invitation=invitation, scores=scores, comment=rng.choice(COMMENTS))


def seed(demo: DemoSeeder, admin: object, vendors: dict[str, Vendor]) -> None:
    template = _template(admin)
    start = datetime.date(timezone.localdate().year - 1, 1, 1)
    rng = random.Random(15)  # noqa: S311 - reproducible demo data
    for name, vendor in vendors.items():
        if name not in AUDIENCES or Survey.objects.filter(vendor=vendor, period_start=start).exists():
            continue
        professions, share, lean = AUDIENCES[name]
        survey = services.survey_create(
            vendor=vendor,
            template=template,
            period_kind="annual",
            period_start=start,
            closes_at=timezone.now() + datetime.timedelta(days=14),
            professions=professions,
            by=admin,
        )
        demo.count_created("staff surveys", True)
        try:
            survey = services.survey_send(survey=survey, by=admin)
        except ValidationError:  # no staff directory seeded: the draft shows its empty audience
            continue
        _answer(survey, share, lean, rng)
        services.survey_close(survey=survey, by=admin)
