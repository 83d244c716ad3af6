"""Meetings in the hospital UI: the list, setting up a series, a series, and the meeting page with
its agenda and the forms of its minutes (``governance.pages.meetings``, shared with the portal)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from governance.filters.meetings import MeetingFilterSet
from governance.forms.meetings import AgendaItemForm, RescheduleForm, SeriesForm
from governance.forms.minutes import ActionForm, AttendanceForm, DecisionForm, NoteForm
from governance.models import ActionItem, Meeting, MeetingSeries
from governance.pages.meetings import MeetingActionMixin, action_status_update, meeting_context
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("governance:series_add")
        return context


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
