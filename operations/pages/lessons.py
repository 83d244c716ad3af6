"""A lessons-learned review's page, shared by the hospital UI and the portal: the review, its
actions, what the user may do with them now, and the POST of its forms (add an action, mark one
done), every one through ``operations.services.lessons``."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from accounts.models import User
from core.permissions import can
from operations.forms.lessons import ActionDoneForm, LessonActionForm
from operations.models import LessonAction, LessonsReview
from operations.services import lessons as services


def lessons_context(review: LessonsReview, user: User, *, act_url: str) -> dict[str, Any]:
    """The review (from ``operations.selectors.lessons.review_detail``) for ``user``."""
    may = can(user, "lessons.record", review)
    return {
        "review": review,
        "lesson_actions": list(review.actions.all()),
        "may_record": may,
        "action_form": LessonActionForm(prefix="action") if may else None,
        "act_url": act_url,
    }


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(problems)}" if name in form.fields else " ".join(problems)
        for name, problems in form.errors.items()
    )


def _add_action(request: HttpRequest, review: LessonsReview) -> str:
    form = LessonActionForm(request.POST, prefix="action")
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    action = services.lesson_action_add(review=review, by=request.user, **form.cleaned_data)
    return f"Action “{action}” added for {action.owner_name}."


def _done(request: HttpRequest, review: LessonsReview) -> str:
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    action = LessonAction.objects.visible_to(request.user).filter(review=review, pk=form.cleaned_data["action_id"])
    found = action.first()
    if found is None:
        raise Http404("No such action on this review.")
    services.lesson_action_done(action=found, by=request.user)
    return f"“{found}” done."


ACTIONS = {"add_action": _add_action, "action_done": _done}


def run_lessons_action(request: HttpRequest, review: LessonsReview, *, back_url: str) -> HttpResponse:
    """POST one of the review's forms (``action``): parse, call the service, report, back."""
    run = ACTIONS.get(request.POST.get("action", ""))
    if run is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    try:
        done = run(request, review)
    except ValidationError as error:
        messages.error(request, f"Not saved: {' '.join(error.messages)}")
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
