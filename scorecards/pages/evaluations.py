"""An evaluation's page, shared by the hospital UI and the portal: the scorecard (live for a
draft, frozen once finalised) with the inputs behind each number, the vendor's responses, and
taking one step of the lifecycle from a POST."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from accounts.models import User
from core.permissions import can
from scorecards.forms.evaluations import AnswerForm, ManualScoreForm, RecognitionForm, RespondForm
from scorecards.models import Criterion, Evaluation
from scorecards.selectors.evaluations import evaluation_scorecard
from scorecards.services import evaluations as services

State = Evaluation.State


def evaluation_context(evaluation: Evaluation, user: User, *, act_url: str) -> dict[str, Any]:
    """What the hospital page and the portal page of an evaluation both show."""
    card = evaluation_scorecard(evaluation)
    responses = {response.criterion_id: response for response in evaluation.responses.all()}
    manual = {score.criterion_id: score for score in evaluation.manual_scores.all()} if evaluation.is_draft else {}
    manages = can(user, "evaluation.manage", evaluation)
    responds = can(user, "evaluation.respond", evaluation) and evaluation.state == State.SHARED
    rows = [
        {
            "result": result,
            "response": responses.get(result.criterion_id),
            "manual": manual.get(result.criterion_id),
            "may_score": manages and evaluation.is_draft and result.method == "manual",
            "may_respond": responds and result.criterion_id not in responses,
        }
        for result in card.results
    ]
    recognition = evaluation.snapshot["recognition"] if evaluation.snapshot else evaluation.recognition
    return {
        "card": card,
        "rows": rows,
        "recognition": recognition,
        "act_url": act_url,
        "manages": manages,
        "may_finalise": manages and evaluation.is_draft,
        "may_share": manages and evaluation.state == State.FINALISED,
        "may_close": manages and evaluation.state == State.SHARED,
        "recognition_form": RecognitionForm(initial={"recognition": evaluation.recognition}),
        "appeals_open": sum(1 for response in responses.values() if response.awaits_answer),
    }


def _score(request: HttpRequest, evaluation: Evaluation, form: ManualScoreForm) -> str:
    criterion = Criterion.objects.filter(pk=form.cleaned_data["criterion"]).first()
    if criterion is None:
        raise ValidationError("This evaluation has no such criterion.")
    services.evaluation_score_manual(
        evaluation=evaluation,
        criterion=criterion,
        score=form.cleaned_data["score"],
        justification=form.cleaned_data["justification"],
        by=request.user,
    )
    return f"“{criterion.name}” scored {form.cleaned_data['score']}."


def _answer(request: HttpRequest, evaluation: Evaluation, form: AnswerForm) -> str:
    response = evaluation.responses.filter(pk=form.cleaned_data["response"]).first()
    if response is None:
        raise ValidationError("This evaluation has no such response.")
    services.response_answer(response=response, answer=form.cleaned_data["answer"], by=request.user)
    return "Answer sent to the vendor."


def _respond(request: HttpRequest, evaluation: Evaluation, form: RespondForm) -> str:
    response = services.evaluation_respond(
        evaluation=evaluation,
        criterion_id=form.cleaned_data["criterion"],
        kind=form.cleaned_data["kind"],
        comment=form.cleaned_data["comment"],
        by=request.user,
    )
    return f"{response.get_kind_display()}: the hospital sees your response."


def _recognise(request: HttpRequest, evaluation: Evaluation, form: RecognitionForm) -> str:
    services.evaluation_recognise(evaluation=evaluation, text=form.cleaned_data["recognition"], by=request.user)
    return "“What went well” saved."


def _simple(step: Callable[..., Evaluation], done: str) -> Callable[[HttpRequest, Evaluation, Form], str]:
    def run(request: HttpRequest, evaluation: Evaluation, form: Form) -> str:
        step(evaluation=evaluation, by=request.user)
        return done

    return run


ACTIONS: dict[str, tuple[type[Form], Callable[[HttpRequest, Evaluation, Any], str]]] = {
    "score": (ManualScoreForm, _score),
    "recognise": (RecognitionForm, _recognise),
    "finalise": (Form, _simple(services.evaluation_finalise, "Finalised: scores and inputs are frozen.")),
    "share": (Form, _simple(services.evaluation_share, "Shared: the vendor sees the evaluation in the portal.")),
    "close": (Form, _simple(services.evaluation_close, "Closed.")),
    "answer": (AnswerForm, _answer),
    "respond": (RespondForm, _respond),
}


def run_evaluation_action(request: HttpRequest, evaluation: Evaluation, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: parse, take the step, report, go back."""
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    form_class, run = action
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [
            f"{form.fields[name].label or name}: {' '.join(problems)}" if name in form.fields else " ".join(problems)
            for name, problems in form.errors.items()
        ]
        messages.error(request, " ".join(errors))
        return HttpResponseRedirect(back_url)
    try:
        done = run(request, evaluation, form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
