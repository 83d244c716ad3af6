"""An incident's page, shared by the hospital UI and the vendor portal: what it shows a user,
and the POST handling of its forms."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from accounts.models import User
from core.forms import add_service_errors
from slas.forms.incidents import (
    CommentForm,
    FollowUpForm,
    IncidentCloseForm,
    ReviewForm,
)
from slas.incident_access import IncidentAccess
from slas.models import Incident
from slas.selectors import incidents as selectors


def incident_context(incident: Incident, user: User, *, comment_url: str) -> dict[str, Any]:
    """What the incident page shows ``user``: facts, components, linked tickets (each linked to
    the page where the user sees it), review, follow-ups, discussion, and the forms the user's
    role may use; the discussion's form posts to ``comment_url`` (the hospital's or the portal's)."""
    access = IncidentAccess.of(user)
    review = getattr(incident, "review", None)
    comments = list(selectors.incident_comments(incident, user))
    context: dict[str, Any] = {
        "access": access,
        "review": review,
        "components": list(incident.components.all()),
        "linked_tickets": list(selectors.incident_tickets(incident, user)),
        "follow_ups": list(selectors.incident_follow_ups(incident)),
        "comments": comments,
        "proposed_root_causes": [comment for comment in comments if comment.proposes_root_cause],
        "today": timezone.localdate(),
        "now": timezone.now(),
        "comment_url": comment_url,
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
