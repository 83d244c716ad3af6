"""A ticket's page, shared by the hospital UI and the vendor portal: what it shows a user, and
taking one lifecycle action or posting to the thread from a POST. And how far a history
import has got, in words and as a bar."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from core import limits
from core.formatting import format_count
from slas.models import Severity
from tickets import selectors
from tickets.forms import RatingForm, ReplyForm
from tickets.models import HistoryImport, Ticket
from tickets.services import thread
from tickets.services.actions import ACTIONS, ticket_action_run, ticket_actions_offered
from tickets.ticket_sections import ticket_sections


def ticket_context(ticket: Ticket, user: User, *, act_url: str, attachment_url_name: str) -> dict[str, Any]:
    """The thread as ``user`` may read it (no internal notes for vendor users), the lifecycle
    actions the user may take (posted to ``act_url``), and the route that serves attachments to
    this audience."""
    return {
        "thread": selectors.ticket_thread(ticket, user),
        "actions": ticket_actions_offered(ticket, user),
        "act_url": act_url,
        "attachment_url_name": attachment_url_name,
        "text_limits": {"message": limits.MESSAGE_LENGTH, "note": limits.NOTE_LENGTH},
        "severity_choices": Severity.choices,
        "clinical_impact": clinical_impact(ticket),
        # Sections other apps add to the page (tickets.ticket_sections): e.g. the articles answering it.
        "sections": ticket_sections(ticket, user),
    }


def clinical_impact(ticket: Ticket) -> str:
    """The clinical impact as a sentence: "CT, MR at Main campus affected; 12 studies delayed."
    (patient-safety risk and the downtime procedure are shown beside it as badges)."""
    where = " at ".join(part for part in (ticket.modalities_affected.strip(), ticket.sites_affected.strip()) if part)
    parts = [f"{where} affected"] if where else []
    if ticket.studies_delayed:
        parts.append(f"{ticket.studies_delayed:,} stud{'y' if ticket.studies_delayed == 1 else 'ies'} delayed")
    if not parts:
        return "" if ticket.patient_safety_risk or ticket.downtime_procedure_invoked else "None recorded."
    sentence = "; ".join(parts)
    return f"{sentence[:1].upper()}{sentence[1:]}."


def run_ticket_action(request: HttpRequest, ticket: Ticket, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: parse, call the action, report, go back to
    ``back_url`` (or a local ``next``)."""
    name = request.POST.get("action", "")
    data: dict[str, Any] = {key: request.POST.get(key, "") for key in ("reason", "summary", "severity", "comment")}
    data["previous_severity"] = ticket.severity
    try:
        if name == "message":
            form = ReplyForm(request.POST)
            if form.has_error("body", code="required"):
                raise ValidationError("Write a message.")
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            files = request.FILES.getlist("files")
            thread.ticket_reply(ticket=ticket, by=request.user, files=files, **form.cleaned_data)
            done = "Internal note added." if form.cleaned_data.get("internal") else "Message posted."
        elif name == "rate":
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose a score from 1 to 5.")
            ticket_action_run(name=name, ticket=ticket, user=request.user, data=form.cleaned_data)
            done = ACTIONS[name].done(ticket, form.cleaned_data)
        elif name in ACTIONS:
            ticket_action_run(name=name, ticket=ticket, user=request.user, data=data)
            done = ACTIONS[name].done(ticket, data)
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = back_url
    return HttpResponseRedirect(target)


@dataclass(frozen=True)
class ImportProgress:
    percent: int  # of the phase the job is in
    text: str  # "12,000 of 49,000 rows checked"


def history_import_progress(job: HistoryImport) -> ImportProgress:
    """The bar of a running job: rows checked while validating, then rows imported."""
    if job.status == HistoryImport.Status.QUEUED:
        return ImportProgress(0, "Waiting for a worker")
    if not job.rows_total:
        return ImportProgress(0, "Reading the file")
    verb = "imported" if job.status == HistoryImport.Status.IMPORTING else "checked"
    percent = min(100, job.rows_done * 100 // job.rows_total)
    return ImportProgress(percent, f"{job.rows_done:,} of {format_count(job.rows_total, 'row')} {verb}")
