"""Hospital UI for tickets: list, detail with clocks and thread, open, actions, rating link."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView
from core.views.mixins import (
    HospitalUserRequiredMixin,
    ScopedQuerysetMixin,
    protected_file_response,
)
from tickets import selectors
from tickets.filters import TicketFilterSet
from tickets.forms import RatingForm, TicketForm
from tickets.models import HistoryImport, Ticket, TicketAttachment
from tickets.pages import history_import_progress, run_ticket_action, ticket_context
from tickets.services import history, history_jobs, ratings
from tickets.services.actions import ticket_open_as
from tickets.tables import TicketTable
from tickets.title_suggestions import title_suggestions_url


class TicketListView(ObjectListView):
    manage_action = "ticket.open"
    queryset = selectors.ticket_list()
    filterset_class = TicketFilterSet
    table_class = TicketTable
    export_filename = "tickets"
    add_label = "Open a ticket"
    template_name = "tickets/ticket_list.html"
    lazy_pagination = True  # a hospital's history runs to millions of tickets


class TicketDetailView(ObjectDetailView):
    queryset = selectors.ticket_detail()
    template_name = "tickets/ticket_detail.html"

    def get_related(self) -> dict[str, Any]:
        return ticket_context(
            self.object,
            self.request.user,
            act_url=reverse("tickets:ticket_act", kwargs={"pk": self.object.pk}),
            attachment_url_name="tickets:attachment_download",
        )


class TicketCreateView(ObjectCreateView):
    permission_action = "ticket.open"
    model = Ticket
    form_class = TicketForm
    title = "Open a ticket"
    submit_label = "Open ticket"
    success_message = "Ticket #{object.pk} opened."
    template_name = "tickets/ticket_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["suggestions_url"] = title_suggestions_url()
        return context

    def save_form(self, form: TicketForm) -> Ticket:
        data = dict(form.cleaned_data)
        return ticket_open_as(user=self.request.user, vendor_id=data.pop("vendor").pk, **data)


class TicketActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one lifecycle action (``action`` names it) or a thread message."""

    model = Ticket

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.get_object()
        return run_ticket_action(request, ticket, back_url=ticket.get_absolute_url())


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


class TicketImportView(HospitalUserRequiredMixin, View):
    """Upload a CSV of past tickets: it is imported in the background, on its job's page."""

    permission_action = "ticket.import"
    template_name = "tickets/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"columns": history.COLUMNS, "recent": selectors.history_imports()[:5]}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Choose a CSV file.")
            return HttpResponseRedirect(request.path)
        job = history_jobs.history_import_start(upload=upload, by=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


class HistoryImportView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    """A history import: its progress while it runs, then what came of it."""

    permission_action = "ticket.import"
    queryset = HistoryImport.objects.select_related("started_by")
    template_name = "tickets/history_import.html"
    context_object_name = "job"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "progress": history_import_progress(self.object)}


class HistoryImportStatusView(HistoryImportView):
    """What htmx polls every 2 s while the import runs: its status card."""

    template_name = "tickets/includes/history_import_status.html"


class AttachmentDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = TicketAttachment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment = self.get_object()
        return protected_file_response(attachment.file, filename=attachment.filename)
