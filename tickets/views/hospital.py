"""Hospital UI for tickets: list, detail with clocks and thread, open, actions, rating link."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import CreateView
from django.views.generic.detail import SingleObjectMixin

from core.views import (
    HospitalAdminRequiredMixin,
    HospitalUserRequiredMixin,
    ObjectDetailView,
    ObjectListView,
    ScopedQuerysetMixin,
    protected_file_response,
)
from tickets import selectors
from tickets.filters import TicketFilterSet
from tickets.forms import RatingForm, ReplyForm, TicketForm
from tickets.models import Ticket, TicketAttachment
from tickets.services import history, ratings, thread
from tickets.services import tickets as lifecycle
from tickets.services.actions import ACTIONS, ticket_action_run
from tickets.tables import TicketTable


class TicketListView(ObjectListView):
    queryset = selectors.ticket_list()
    filterset_class = TicketFilterSet
    table_class = TicketTable
    export_filename = "tickets"
    add_label = "Open a ticket"
    template_name = "tickets/ticket_list.html"
    lazy_pagination = True  # a hospital's history runs to millions of tickets

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = True  # every hospital user may open tickets
        return context


class TicketDetailView(ObjectDetailView):
    queryset = selectors.ticket_detail()
    template_name = "tickets/ticket_detail.html"

    def get_related(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "thread": selectors.ticket_thread(self.object, user),
            "actions": {name: action for name, action in ACTIONS.items() if action.may(user)},
            "act_url": reverse("tickets:ticket_act", kwargs={"pk": self.object.pk}),
            "attachment_url_name": "tickets:attachment_download",
        }


class TicketCreateView(HospitalUserRequiredMixin, ScopedQuerysetMixin, CreateView):
    """Every hospital user may open a ticket."""

    model = Ticket
    form_class = TicketForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="Open a ticket", submit_label="Open ticket", cancel_url="/tickets/", is_create=True)
        return context

    def form_valid(self, form: TicketForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        try:
            ticket = lifecycle.ticket_open(vendor_id=data.pop("vendor").pk, reporter=self.request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Ticket #{ticket.pk} opened.")
        return HttpResponseRedirect(ticket.get_absolute_url())


class TicketActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one lifecycle action (``action`` names it) or a thread message."""

    model = Ticket

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.get_object()
        return run_ticket_action(request, ticket, back_url=ticket.get_absolute_url())


def run_ticket_action(request: HttpRequest, ticket: Ticket, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: parse, call the action, report, go back to
    ``back_url`` (or a local ``next``)."""
    name = request.POST.get("action", "")
    data: dict[str, Any] = {key: request.POST.get(key, "") for key in ("reason", "summary", "severity", "comment")}
    try:
        if name == "message":
            form = ReplyForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Write a message.")
            files = request.FILES.getlist("files")
            thread.ticket_reply(ticket=ticket, by=request.user, files=files, **form.cleaned_data)
        elif name == "rate":
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose a score from 1 to 5.")
            ticket_action_run(name=name, ticket=ticket, user=request.user, data=form.cleaned_data)
        elif name in ACTIONS:
            ticket_action_run(name=name, ticket=ticket, user=request.user, data=data)
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Done." if name != "message" else "Message posted.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = back_url
    return HttpResponseRedirect(target)


class RatingView(View):
    """The signed link from the rating request: no sign-in needed, one rating per ticket."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, RatingForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = RatingForm(request.POST)
        return self._page(request, token, form, save=True)

    def _page(self, request: HttpRequest, token: str, form: RatingForm, save: bool = False) -> HttpResponse:
        try:
            ticket = ratings.ticket_from_rating_token(token)
        except (ValidationError, Ticket.DoesNotExist):
            return render(request, "tickets/rating.html", {"invalid": True}, status=404)
        done = hasattr(ticket, "rating")
        if save and not done and form.is_valid():
            try:
                ratings.ticket_rate(ticket=ticket, by=ticket.reporter, **form.cleaned_data)
                done = True
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "tickets/rating.html", {"ticket": ticket, "form": form, "done": done})


class TicketImportView(HospitalAdminRequiredMixin, View):
    """Upload a CSV of past tickets; the page reports every bad row, or how many were imported."""

    template_name = "tickets/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"columns": history.COLUMNS})

    def post(self, request: HttpRequest) -> HttpResponse:
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Choose a CSV file.")
            return HttpResponseRedirect(request.path)
        report = history.tickets_import_csv(content=upload.read(), by=request.user)
        if report.ok:
            messages.success(request, f"{report.imported} ticket(s) imported.")
            return HttpResponseRedirect(reverse("tickets:ticket_list"))
        context = {"columns": history.COLUMNS, "report": report, "filename": upload.name}
        return render(request, self.template_name, context, status=400)


class AttachmentDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = TicketAttachment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment = self.get_object()
        return protected_file_response(attachment.file, filename=attachment.filename)
