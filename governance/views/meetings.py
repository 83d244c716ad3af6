"""Meetings in the hospital UI: the list (with the meeting-calendar panel), setting up a series, a
series, and the meeting page with its agenda and the forms of its minutes
(``governance.pages.meetings``, shared with the portal); and the calendar feed itself, which
calendar applications fetch with the key in its URL."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.links import audience_of, object_url
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from core.views.reach import vendor_reachable
from governance.filters.meetings import MeetingFilterSet
from governance.forms.meetings import AgendaItemForm, RescheduleForm, SeriesForm
from governance.forms.minutes import ActionForm, AttendanceForm, DecisionForm, NoteForm
from governance.ical import meetings_feed
from governance.models import ActionItem, Meeting, MeetingSeries
from governance.pages.meetings import (
    MeetingActionMixin,
    action_status_update,
    meeting_context,
    meeting_feed_panel,
    run_meeting_feed_action,
)
from governance.selectors import meetings as selectors
from governance.selectors.agenda import agenda_keys
from governance.services import actions, agenda, meetings, minutes
from governance.tables.meetings import MeetingTable


class MeetingListView(ObjectListView):
    manage_action = "meeting.schedule"
    queryset = selectors.meeting_list()
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    export_filename = "meetings"
    add_label = "Set up a meeting series"
    template_name = "governance/meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("governance:series_add")
        context["feed"] = meeting_feed_panel(self.request.user, manage_url=reverse("governance:meeting_feed_manage"))
        return context


class MeetingFeedManageView(HospitalUserRequiredMixin, View):
    """POST: make, replace or revoke the signed-in hospital user's meeting-calendar link."""

    def post(self, request: HttpRequest) -> HttpResponse:
        return run_meeting_feed_action(request, back_url=reverse("governance:meeting_list") + "#calendar-feed")


@vendor_reachable  # calendar applications fetch it with the key in the URL, not a session
class MeetingFeedView(View):
    """GET ``feed/<key>.ics``: the meetings the key's user attends, as a calendar to subscribe to."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        user = selectors.meeting_feed_owner(key)
        if user is None:
            raise Http404("No such calendar feed.")
        audience = audience_of(user)  # a vendor user's feed links to the meetings' pages in the portal

        def detail_url(meeting: Meeting) -> str:
            return settings.SITE_URL + object_url(meeting, audience=audience)

        now = timezone.now()
        calendar = meetings_feed(
            selectors.feed_meetings(user, now=now), name="PACS vendor meetings", detail_url=detail_url, stamp=now
        )
        response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="meetings.ics"'
        # The URL is a secret: no shared cache may keep it, and no search engine index it.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class SeriesCreateView(ObjectCreateView):
    permission_action = "meeting.schedule"
    model = MeetingSeries
    form_class = SeriesForm
    title = "Set up a meeting series"
    submit_label = "Create and invite"
    success_message = "Series “{object}” set up; its meetings are scheduled and the attendees invited."

    def save_form(self, form: SeriesForm) -> MeetingSeries:
        return meetings.series_create(
            series=form.instance,
            hospital_attendees=form.cleaned_data["hospital_attendees"],
            vendor_attendees=form.cleaned_data["vendor_attendees"],
            actor=self.request.user,
        )

    def get_cancel_url(self) -> str:
        return reverse("governance:meeting_list")


class SeriesDetailView(ObjectDetailView):
    queryset = selectors.series_detail()
    template_name = "governance/series_detail.html"

    def get_related(self) -> dict[str, Any]:
        return {"meetings": list(self.object.meetings.order_by("starts_at"))}


class MeetingDetailView(ObjectDetailView):
    queryset = selectors.meeting_detail()
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in meeting_context(self.object, self.request.user).items():
            context.setdefault(key, value)
        return context


class AgendaItemAddView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.agenda_add"
    context_name = "item_form"
    anchor = "agenda"
    success_message = "Item added to the agenda."

    def get_action_form(self) -> forms.Form:
        return AgendaItemForm(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        agenda.agenda_item_add(meeting=self.object, actor=self.request.user, **form.cleaned_data)


class AttendanceView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.run"
    context_name = "attendance_form"
    anchor = "attendance"
    success_message = "Attendance saved."

    def get_action_form(self) -> forms.Form:
        return AttendanceForm(self.request.POST, meeting=self.object)

    def perform(self, form: forms.Form) -> None:
        minutes.attendance_record(
            meeting=self.object,
            present_users=form.cleaned_data["present_users"],
            present_contacts=form.cleaned_data["present_contacts"],
            actor=self.request.user,
        )


class NoteAddView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.run"
    context_name = "note_form"
    anchor = "agenda"
    success_message = "Note added to the minutes."

    def get_action_form(self) -> forms.Form:
        items = agenda_keys(self.object.agenda) if self.object.agenda else []
        return NoteForm(self.request.POST, items=items)

    def perform(self, form: forms.Form) -> None:
        minutes.note_add(meeting=self.object, actor=self.request.user, **form.cleaned_data)


class DecisionAddView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.run"
    context_name = "decision_form"
    anchor = "decisions"
    success_message = "Decision recorded."

    def get_action_form(self) -> forms.Form:
        return DecisionForm(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        minutes.decision_record(meeting=self.object, actor=self.request.user, **form.cleaned_data)


class ActionAddView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.run"
    context_name = "action_form"
    anchor = "actions"
    success_message = "Action recorded."

    def get_action_form(self) -> forms.Form:
        return ActionForm(self.request.POST, instance=ActionItem(meeting=self.object), meeting=self.object)

    def perform(self, form: forms.Form) -> None:
        actions.action_add(action=form.instance, actor=self.request.user)


class MeetingRescheduleView(MeetingActionMixin, MeetingDetailView):
    permission_action = "meeting.schedule"
    context_name = "reschedule_form"
    success_message = "Meeting moved; the attendees were sent the updated invitation."

    def get_action_form(self) -> forms.Form:
        return RescheduleForm(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        meetings.meeting_reschedule(meeting=self.object, actor=self.request.user, **form.cleaned_data)


class MeetingStepView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Start (freeze the agenda) or cancel a meeting: one button each."""

    model = Meeting
    success_message: str

    def step(self, meeting: Meeting) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.get_object()
        try:
            self.step(meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(meeting.get_absolute_url())


class MeetingStartView(MeetingStepView):
    permission_action = "meeting.run"
    success_message = "Meeting started: its agenda is frozen as shown. Record the minutes below."

    def step(self, meeting: Meeting) -> None:
        agenda.meeting_start(meeting=meeting, actor=self.request.user)


class MeetingCancelView(MeetingStepView):
    permission_action = "meeting.schedule"
    success_message = "Meeting cancelled; the attendees were sent the cancellation."

    def step(self, meeting: Meeting) -> None:
        meetings.meeting_cancel(meeting=meeting, actor=self.request.user)


class ActionStatusView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "action.update"
    model = ActionItem

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = self.get_object()
        from_register = request.POST.get("next") == "register"
        return action_status_update(
            request,
            action,
            redirect_to=reverse("governance:action_register") if from_register else action.get_absolute_url(),
        )
