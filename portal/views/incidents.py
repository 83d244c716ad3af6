"""The vendor's incidents in the portal: list, the incident page (review and follow-ups to read),
and the discussion, where the vendor may propose a root cause."""

from typing import Any

from django import forms
from django.urls import reverse
from django.views.generic import DetailView

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalIncidentTable
from slas.filters.incidents import IncidentFilterSet
from slas.forms.incidents import CommentForm
from slas.pages.incidents import IncidentActionMixin, incident_context
from slas.selectors import incidents as selectors
from slas.services import incidents as services


class PortalIncidentListView(PortalListView):
    queryset = selectors.incident_list()
    filterset_class = IncidentFilterSet
    table_class = PortalIncidentTable
    title = "Incidents"
    export_filename = "incidents"


class PortalIncidentDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = selectors.incident_detail()
    template_name = "portal/incident_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in incident_context(
            self.object, self.request.user, comment_url=reverse("portal:incident_comment", args=[self.object.pk])
        ).items():
            context.setdefault(key, value)
        return context


class PortalIncidentCommentView(IncidentActionMixin, PortalIncidentDetailView):
    permission_action = "incident.comment"
    form_class = CommentForm
    context_name = "comment_form"
    anchor = "discussion"
    success_message = "Comment posted."

    def page_url(self) -> str:
        return reverse("portal:incident_detail", kwargs={"pk": self.object.pk})

    def perform(self, form: forms.Form) -> None:
        services.comment_add(incident=self.object, author=self.request.user, **form.cleaned_data)
