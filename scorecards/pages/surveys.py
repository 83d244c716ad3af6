"""A staff survey's page, shared by the hospital UI and the portal: the response rate, each
question's mean and distribution, the results per profession, and the free-text comments for
those who may read them (hospital admins; vendors see aggregates only)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from accounts.models import User
from core.permissions import can
from scorecards.models import Survey
from scorecards.selectors.surveys import MIN_GROUP_RESPONSES, PROFESSION_LABELS, survey_open_at, survey_results
from scorecards.services import surveys as services


def survey_context(survey: Survey, user: User) -> dict[str, Any]:
    """What the hospital page and the portal page of a survey both show."""
    manages = can(user, "survey.manage", survey)
    return {
        "results": survey_results(survey, with_comments=manages),
        "questions_asked": list(survey.template.questions.all()),
        "min_responses": MIN_GROUP_RESPONSES,
        "accepting": survey_open_at(survey, timezone.now()),
        "manages": manages,
        "audience_professions": [PROFESSION_LABELS.get(code, code) for code in survey.professions],
    }


STEPS = {
    "send": (services.survey_send, "Sent: each person of the audience gets their own link by email."),
    "close": (services.survey_close, "Closed: the links no longer take answers."),
}


def run_survey_action(request: HttpRequest, survey: Survey, *, back_url: str) -> HttpResponse:
    """Take one step (``action``: send or close) from a POST, report it, go back."""
    step = STEPS.get(request.POST.get("action", ""))
    if step is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    run, done = step
    try:
        run(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
