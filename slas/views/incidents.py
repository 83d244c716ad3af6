"""Incidents in the hospital UI: list, report, edit, and the incident page with its actions
(end it, the post-incident review, follow-up actions, the discussion with the vendor). The page's
context and form handling come from ``slas.pages.incidents``, shared with the vendor portal;
every write goes through ``slas.services.incidents``."""

from typing import Any

from auditlog.registry import auditlog
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from slas.filters.incidents import IncidentFilterSet
from slas.forms.incidents import (
    CommentForm,
    FollowUpForm,
    FollowUpStatusForm,
    IncidentCloseForm,
    IncidentForm,
    ReviewForm,
)
from slas.models import FollowUpAction, Incident, IncidentComment
from slas.pages.incidents import IncidentActionMixin, incident_context
from slas.selectors import incidents as selectors
from slas.services import incidents as services
from slas.tables.incidents import IncidentTable


class IncidentListView(ObjectListView):
    manage_action = "incident.report"
    queryset = selectors.incident_list()
    filterset_class = IncidentFilterSet
    table_class = IncidentTable
    export_filename = "incidents"
    add_label = "Report an incident"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context[
                "table"
            ].empty_text = "No incidents recorded yet. When a component goes down or degrades, report it."
        return context


class IncidentFormMixin:
    """The incident and its components, saved together by ``incident_save``."""

    model = Incident
    form_class = IncidentForm
    template_name = "slas/incident_form.html"
    request: HttpRequest

    def save_form(self, form: IncidentForm) -> Incident:
        return services.incident_save(
            incident=form.instance, components=form.cleaned_data["components"], actor=self.request.user
        )


class IncidentCreateView(IncidentFormMixin, ObjectCreateView):
    permission_action = "incident.report"
    title = "Report an incident"
    submit_label = "Report incident"
    success_message = "Incident “{object}” reported."

    def get_initial(self) -> dict[str, Any]:
        # "Report an incident" from a vendor's page arrives with ?vendor=<id> (the generic view
        # takes it); the incident starts now unless the reporter says otherwise.
        return {"started_at": timezone.localtime().replace(second=0, microsecond=0), **super().get_initial()}


class IncidentUpdateView(IncidentFormMixin, ObjectUpdateView):
    """Hospital admins correct an incident's facts."""

    permission_action = "incident.edit"
    submit_label = "Save"


class IncidentDetailView(ObjectDetailView):
    manage_action = "incident.edit"
    queryset = selectors.incident_detail()
    template_name = "slas/incident_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in incident_context(
            self.object, self.request.user, comment_url=reverse("slas:incident_comment", args=[self.object.pk])
        ).items():
            context.setdefault(key, value)  # a form posted back with errors stays as posted
        if not auditlog.contains(Incident):
            context["history"] = None  # no trail is kept for incidents: show none rather than an empty one
        return context


class IncidentCloseView(IncidentActionMixin, IncidentDetailView):
    """End an ongoing incident now, or at the time given."""

    permission_action = "incident.close"
    form_class = IncidentCloseForm
    context_name = "close_form"
    success_message = "Incident ended."

    def perform(self, form: forms.Form) -> None:
        services.incident_close(incident=self.object, ended_at=form.cleaned_data["ended_at"])


class IncidentReviewView(IncidentActionMixin, IncidentDetailView):
    permission_action = "incident.review"
    form_class = ReviewForm
    context_name = "review_form"
    anchor = "review"
    success_message = "Post-incident review saved."

    def perform(self, form: forms.Form) -> None:
        services.review_save(incident=self.object, **form.cleaned_data)


class IncidentFollowUpAddView(IncidentActionMixin, IncidentDetailView):
    permission_action = "incident.follow_up"
    form_class = FollowUpForm
    context_name = "follow_up_form"
    anchor = "follow-ups"
    success_message = "Follow-up action added."

    def get_action_form(self) -> forms.Form:
        return FollowUpForm(
            self.request.POST,
            instance=FollowUpAction(incident=self.object),
            incident=self.object,
            user=self.request.user,
        )

    def perform(self, form: forms.Form) -> None:
        services.follow_up_save(action=form.instance, actor=self.request.user)


class IncidentCommentView(IncidentActionMixin, IncidentDetailView):
    permission_action = "incident.comment"
    form_class = CommentForm
    context_name = "comment_form"
    anchor = "discussion"
    success_message = "Comment posted."

    def perform(self, form: forms.Form) -> None:
        services.comment_add(incident=self.object, author=self.request.user, **form.cleaned_data)


class FollowUpStatusView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Mark a follow-up action done or dropped, or open it again."""

    permission_action = "incident.follow_up"
    model = FollowUpAction

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = self.get_object()
        form = FollowUpStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose open, done or dropped.")
        else:
            action.status = form.cleaned_data["status"]
            try:
                services.follow_up_save(action=action, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Follow-up “{action}” is {action.get_status_display().lower()}.")
        return HttpResponseRedirect(f"{action.incident.get_absolute_url()}#follow-ups")


class RootCauseAdoptView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Take a root cause proposed in the discussion into the review."""

    permission_action = "incident.review"
    model = IncidentComment

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        comment = self.get_object()
        try:
            services.root_cause_adopt(comment=comment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Root cause adopted into the review.")
        return HttpResponseRedirect(f"{comment.incident.get_absolute_url()}#review")
