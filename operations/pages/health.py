"""A health assessment's page, shared by the hospital UI and the portal: the schedule and whether
it is overdue, its runs with each check's result and measurement, their findings, and the POST of
its forms (record a run, add a finding, mark one done), every one through
``operations.services.health``."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from accounts.models import User
from core.permissions import can
from operations.forms.health import FindingDoneForm, HealthFindingForm, HealthRunForm
from operations.models import HealthAssessment, HealthFinding, HealthRun
from operations.pages.recovery import due_text
from operations.services import health as services


def health_context(assessment: HealthAssessment, user: User, *, act_url: str) -> dict[str, Any]:
    """The schedule (from ``operations.selectors.health.assessment_detail``) for ``user``."""
    may = can(user, "health.record", assessment)
    due, colour = due_text(assessment, timezone.localdate())
    return {
        "assessment": assessment,
        "runs": list(assessment.runs.all()),
        "due_text": due,
        "due_colour": colour,
        "may_record": may,
        "run_form": HealthRunForm(prefix="run", checks=assessment.template.check_list) if may else None,
        "finding_form": HealthFindingForm(prefix="finding") if may else None,
        "act_url": act_url,
    }


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(problems)}" if name in form.fields else " ".join(problems)
        for name, problems in form.errors.items()
    )


def _record_run(request: HttpRequest, assessment: HealthAssessment) -> str:
    form = HealthRunForm(request.POST, prefix="run", checks=assessment.template.check_list)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    run = services.health_run_record(assessment=assessment, by=request.user, **form.service_arguments())
    next_due = HealthAssessment.objects.get(pk=assessment.pk).next_due_on
    return f"Assessment of {run.performed_on:%Y-%m-%d} recorded. Next one due {next_due:%Y-%m-%d}."


def _add_finding(request: HttpRequest, assessment: HealthAssessment) -> str:
    form = HealthFindingForm(request.POST, prefix="finding")
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    data = form.cleaned_data
    run = HealthRun.objects.visible_to(request.user).filter(assessment=assessment, pk=data.pop("run_id")).first()
    if run is None:
        raise Http404("No such run of this assessment.")
    finding = services.health_finding_add(run=run, by=request.user, **data)
    return f"Finding “{finding}” added for {finding.owner_name}, due {finding.due_date:%Y-%m-%d}."


def _finding_done(request: HttpRequest, assessment: HealthAssessment) -> str:
    form = FindingDoneForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    found = (
        HealthFinding.objects.visible_to(request.user)
        .filter(run__assessment=assessment, pk=form.cleaned_data["finding_id"])
        .first()
    )
    if found is None:
        raise Http404("No such finding on this assessment.")
    services.health_finding_done(finding=found, by=request.user)
    return f"“{found}” done."


ACTIONS = {"record_run": _record_run, "add_finding": _add_finding, "finding_done": _finding_done}


def run_health_action(request: HttpRequest, assessment: HealthAssessment, *, back_url: str) -> HttpResponse:
    """POST one of the page's forms (``action``): parse, call the service, report, back."""
    run = ACTIONS.get(request.POST.get("action", ""))
    if run is None:
        messages.error(request, "Unknown action.")
        return HttpResponseRedirect(back_url)
    try:
        done = run(request, assessment)
    except ValidationError as error:
        messages.error(request, f"Not saved: {' '.join(error.messages)}")
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back_url)
