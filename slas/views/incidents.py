"""Incidents in the hospital UI: list, report, edit, and the incident page with its actions
(end it, the post-incident review, follow-up actions, the discussion with the vendor).

The page context and the POST handling of the page's forms are shared with the vendor portal
(``incident_context``, ``IncidentActionMixin``); every write goes through
``slas.services.incidents``.
"""

from typing import Any

from auditlog.registry import auditlog
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views import View
from django.views.generic import CreateView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views import (
    HospitalAdminRequiredMixin,
    HospitalUserRequiredMixin,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
)
from slas.filters.incidents import IncidentFilterSet
from slas.forms.incidents import (
    CommentForm,
    FollowUpForm,
    FollowUpStatusForm,
    IncidentCloseForm,
    IncidentForm,
    ReviewForm,
    component_choices,
)
from slas.incident_access import IncidentAccess
from slas.models import FollowUpAction, Incident, IncidentComment
from slas.selectors import incidents as selectors
from slas.services import incidents as services
from slas.tables.incidents import IncidentTable


def incident_context(incident: Incident, user: object, *, portal: bool = False) -> dict[str, Any]:
    """What the incident page shows ``user`` (the hospital page, or the portal's with
    ``portal``): facts, components, linked tickets, review, follow-ups, discussion, and the
    forms the user's role may use."""
    access = IncidentAccess.of(user)
    review = getattr(incident, "review", None)
    comments = list(selectors.incident_comments(incident, user))
    namespace = "portal" if portal else "slas"
    context: dict[str, Any] = {
        "access": access,
        "review": review,
        "components": list(incident.components.all()),
        "linked_tickets": list(selectors.incident_tickets(incident, user)),
        "ticket_url_name": "portal:ticket_detail" if portal else "tickets:ticket_detail",
        "follow_ups": list(selectors.incident_follow_ups(incident)),
        "comments": comments,
        "proposed_root_causes": [comment for comment in comments if comment.proposes_root_cause],
        "today": timezone.localdate(),
        "now": timezone.now(),
        "comment_url": reverse(f"{namespace}:incident_comment", args=[incident.pk]),
    }
    if access.comment:
        context["comment_form"] = CommentForm()
    if access.review:
        context["review_form"] = ReviewForm.for_review(review)
    if access.follow_ups:
        context["follow_up_form"] = FollowUpForm(incident=incident, user=user)
    if access.close and incident.is_open:
        context["close_form"] = IncidentCloseForm()
    return context


class IncidentActionMixin:
    """POST one form of the incident page. Valid, and accepted by the service: a message and
    back to the page. Refused by the form or the service: the page again, with the errors at
    the form, answering 400. Subclasses name the form and what to call."""

    form_class: type[forms.Form]
    context_name: str
    anchor: str = ""
    success_message: str = "Saved."
    http_method_names = ["post"]
    request: HttpRequest
    object: Incident

    def get_action_form(self) -> forms.Form:
        return self.form_class(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        raise NotImplementedError

    def page_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()  # type: ignore[attr-defined]
        form = self.get_action_form()
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                anchor = f"#{self.anchor}" if self.anchor else ""
                return HttpResponseRedirect(self.page_url() + anchor)
        messages.error(request, "Not saved: see the highlighted form.")
        context = self.get_context_data(object=self.object, **{self.context_name: form})  # type: ignore[attr-defined]
        return self.render_to_response(context, status=400)  # type: ignore[attr-defined]


# --- list, report, edit ----------------------------------------------------------------


class IncidentListView(ObjectListView):
    queryset = selectors.incident_list()
    filterset_class = IncidentFilterSet
    table_class = IncidentTable
    export_filename = "incidents"
    add_label = "Report an incident"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = IncidentAccess.of(self.request.user).report
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


class IncidentCreateView(IncidentFormMixin, HospitalUserRequiredMixin, ScopedQuerysetMixin, CreateView):
    """Hospital staff and admins report incidents."""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        # "Report an incident" from a vendor's page arrives with ?vendor=<id>.
        initial = {"started_at": timezone.localtime().replace(second=0, microsecond=0)}
        initial.update({key: value for key, value in self.request.GET.items() if key in IncidentForm.base_fields})
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Report an incident",
            submit_label="Report incident",
            cancel_url=reverse("slas:incident_list"),
            is_create=True,
        )
        return context

    def form_valid(self, form: IncidentForm) -> HttpResponse:
        try:
            self.object = self.save_form(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Incident “{self.object}” reported.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class IncidentUpdateView(IncidentFormMixin, ObjectUpdateView):
    """Hospital admins correct an incident's facts."""

    submit_label = "Save"


class IncidentComponentOptionsView(HospitalUserRequiredMixin, View):
    """The ``<option>`` list of a vendor's components, for the incident form (htmx)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        vendor = request.GET.get("vendor", "")
        choices = component_choices(int(vendor) if vendor.isdigit() else None, request.user)
        return HttpResponse(format_html_join("", '<option value="{}">{}</option>', choices))


# --- the incident page and its actions --------------------------------------------------


class IncidentDetailView(ObjectDetailView):
    queryset = selectors.incident_detail()
    template_name = "slas/incident_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in incident_context(self.object, self.request.user).items():
            context.setdefault(key, value)  # a form posted back with errors stays as posted
        if not auditlog.contains(Incident):
            context["history"] = None  # no trail is kept for incidents: show none rather than an empty one
        return context


class IncidentCloseView(IncidentActionMixin, IncidentDetailView):
    """End an ongoing incident now, or at the time given."""

    form_class = IncidentCloseForm
    context_name = "close_form"
    success_message = "Incident ended."

    def perform(self, form: forms.Form) -> None:
        services.incident_close(incident=self.object, ended_at=form.cleaned_data["ended_at"])


class IncidentReviewView(HospitalAdminRequiredMixin, IncidentActionMixin, IncidentDetailView):
    form_class = ReviewForm
    context_name = "review_form"
    anchor = "review"
    success_message = "Post-incident review saved."

    def perform(self, form: forms.Form) -> None:
        services.review_save(incident=self.object, **form.cleaned_data)


class IncidentFollowUpAddView(IncidentActionMixin, IncidentDetailView):
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
    form_class = CommentForm
    context_name = "comment_form"
    anchor = "discussion"
    success_message = "Comment posted."

    def perform(self, form: forms.Form) -> None:
        services.comment_add(incident=self.object, author=self.request.user, **form.cleaned_data)


class FollowUpStatusView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Mark a follow-up action done or dropped, or open it again."""

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


class RootCauseAdoptView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Take a root cause proposed in the discussion into the review."""

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
