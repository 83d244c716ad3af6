"""The vendor's meetings in the portal: the list, a meeting's agenda and minutes (never the
hospital's internal notes), adding an agenda item before the freeze, and its actions, whose
status the vendor keeps; the action register of its own actions."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from governance.filters.meetings import MeetingFilterSet
from governance.forms.meetings import AgendaItemForm
from governance.models import ActionItem
from governance.pages.actions import register_page
from governance.pages.meetings import (
    MeetingActionMixin,
    action_status_update,
    meeting_context,
    meeting_feed_panel,
    run_meeting_feed_action,
)
from governance.selectors.meetings import meeting_detail, meeting_list
from governance.services import agenda
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalMeetingTable


class PortalMeetingListView(PortalListView):
    queryset = meeting_list()
    filterset_class = MeetingFilterSet
    table_class = PortalMeetingTable
    title = "Meetings"
    export_filename = "meetings"
    template_name = "portal/meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["feed"] = meeting_feed_panel(self.request.user, manage_url=reverse("portal:meeting_feed_manage"))
        return context


class PortalMeetingFeedManageView(PortalMixin, View):
    """POST: make, replace or revoke the vendor user's meeting-calendar link."""

    def post(self, request: HttpRequest) -> HttpResponse:
        return run_meeting_feed_action(request, back_url=reverse("portal:meeting_list") + "#calendar-feed")


class PortalMeetingDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = meeting_detail()
    template_name = "portal/meeting_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in meeting_context(self.object, self.request.user).items():
            context.setdefault(key, value)
        context["item_url"] = reverse("portal:agenda_item_add", kwargs={"pk": self.object.pk})
        context["status_url_name"] = "portal:action_status"
        return context


class PortalAgendaItemAddView(MeetingActionMixin, PortalMeetingDetailView):
    permission_action = "meeting.agenda_add"
    context_name = "item_form"
    anchor = "agenda"
    success_message = "Item added to the agenda."

    def page_url(self) -> str:
        return reverse("portal:meeting_detail", kwargs={"pk": self.object.pk})

    def get_action_form(self) -> forms.Form:
        return AgendaItemForm(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        agenda.agenda_item_add(meeting=self.object, actor=self.request.user, **form.cleaned_data)


class PortalActionStatusView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "action.update"
    model = ActionItem

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = self.get_object()
        if request.POST.get("next") == "register":
            back = reverse("portal:action_register")
        else:
            back = reverse("portal:meeting_detail", kwargs={"pk": action.meeting_id}) + "#actions"
        return action_status_update(request, action, redirect_to=back)


class PortalActionRegisterView(PortalMixin, TemplateView):
    """The vendor's open actions, from every source."""

    template_name = "portal/action_register.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        page = register_page(request, exclude=("r_vendor_name",))
        if isinstance(page, HttpResponseBase):
            return page
        return self.render_to_response(self.get_context_data(**page))
