"""A meeting's page, shared by the hospital UI and the vendor portal: the agenda (live, or as
frozen), the minutes the user may see (vendor users never see internal notes), decisions, actions,
and the forms the user's role and the meeting's state allow; and the POST handling of its forms.
Also the meeting-calendar panel of the meeting lists (the user's secret feed link) and its POST."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.forms import add_service_errors
from core.links import audience_of, object_url
from core.permissions import can
from governance.forms.meetings import AgendaItemForm, RescheduleForm
from governance.forms.minutes import ActionForm, ActionStatusForm, AttendanceForm, DecisionForm, NoteForm
from governance.models import ActionItem, Meeting, MinuteNote, Side
from governance.selectors.agenda import agenda_keys, agenda_of
from governance.selectors.meetings import meeting_feed_token_of
from governance.services.actions import action_status_set
from governance.services.meetings import meeting_feed_regenerate, meeting_feed_revoke


def _linked(agenda: dict[str, Any], user: User) -> dict[str, Any]:
    """The agenda with each row's link to where ``user`` sees its object (none where the
    audience has no page for it)."""
    audience = audience_of(user)
    sections = []
    for section in agenda["sections"]:
        rows = []
        for row in section["rows"]:
            url = ""
            if row.get("model") and row.get("pk"):
                try:
                    url = object_url(row["model"], row["pk"], audience=audience)
                except LookupError:
                    url = ""
            rows.append({**row, "url": url})
        sections.append({**section, "rows": rows})
    return {**agenda, "sections": sections}


def meeting_context(meeting: Meeting, user: User) -> dict[str, Any]:
    """What the meeting page shows ``user``, and the forms their role may use now."""
    agenda = _linked(agenda_of(meeting), user)
    notes: dict[str, list[MinuteNote]] = defaultdict(list)
    for note in MinuteNote.objects.visible_to(user).filter(meeting=meeting).select_related("author"):
        notes[note.item_key].append(note)
    for section in agenda["sections"]:
        section["notes"] = notes.get(section["key"], [])
    editable = meeting.status == Meeting.Status.SCHEDULED and not meeting.is_frozen
    started = meeting.status == Meeting.Status.STARTED
    may_run = can(user, "meeting.run", meeting)
    context: dict[str, Any] = {
        "agenda": agenda,
        "attendance": list(meeting.attendance.select_related("user", "contact")),
        "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.actions.select_related("owner_user", "owner_contact")),
        "may_update_actions": can(user, "action.update", meeting),
        "today": timezone.localdate(),
        "updatable_sides": [Side.VENDOR] if user.is_vendor_user else [Side.HOSPITAL, Side.VENDOR],
        "status_choices": ActionStatusForm.base_fields["status"].choices,
        "may_start": may_run and editable,
        "may_cancel": can(user, "meeting.schedule", meeting) and editable,
        "may_record": may_run and started,
    }
    if editable and can(user, "meeting.schedule", meeting):
        context["reschedule_form"] = RescheduleForm(initial={"starts_at": timezone.localtime(meeting.starts_at)})
    if editable and can(user, "meeting.agenda_add", meeting):
        context["item_form"] = AgendaItemForm()
    if may_run and started:
        context["attendance_form"] = AttendanceForm(meeting=meeting)
        context["note_form"] = NoteForm(items=agenda_keys(meeting.agenda))
        context["decision_form"] = DecisionForm()
        context["action_form"] = ActionForm(meeting=meeting)
    return context


class MeetingActionMixin:
    """POST one form of the meeting page: accepted, a message and back to the page; refused by
    the form or the service, the page again with the errors at the form (400)."""

    context_name: str
    anchor: str = ""
    success_message: str = "Saved."
    http_method_names = ["post"]
    request: HttpRequest
    object: Meeting

    def get_action_form(self) -> forms.Form:
        raise NotImplementedError

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
                return HttpResponseRedirect(self.page_url() + (f"#{self.anchor}" if self.anchor else ""))
        messages.error(request, "Not saved: see the highlighted form.")
        context = self.get_context_data(object=self.object, **{self.context_name: form})  # type: ignore[attr-defined]
        return self.render_to_response(context, status=400)  # type: ignore[attr-defined]


def action_status_update(request: HttpRequest, action: ActionItem, *, redirect_to: str) -> HttpResponse:
    """The status buttons of an action (hospital page, portal): the new status or the reason not."""
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose open, in progress, done or dropped.")
    else:
        try:
            action = action_status_set(action=action, status=form.cleaned_data["status"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Action “{action}” is {action.get_status_display().lower()}.")
    return HttpResponseRedirect(redirect_to)


@dataclass(frozen=True)
class MeetingFeedPanel:
    """ "Your meetings in your calendar": the user's feed URL (empty until they make one) and
    where to POST to make, replace or revoke it."""

    url: str
    manage_url: str


def meeting_feed_url(key: str) -> str:
    return settings.SITE_URL + reverse("governance:meeting_feed", kwargs={"key": key})


def meeting_feed_panel(user: User, *, manage_url: str) -> MeetingFeedPanel:
    token = meeting_feed_token_of(user)
    return MeetingFeedPanel(url=meeting_feed_url(token.key) if token else "", manage_url=manage_url)


def run_meeting_feed_action(request: HttpRequest, *, back_url: str) -> HttpResponse:
    """The panel's POST, for the hospital UI and the portal alike: ``regenerate`` makes or
    replaces the signed-in user's link, ``revoke`` ends it."""
    if request.POST.get("action") == "revoke":
        if meeting_feed_revoke(user=request.user):
            messages.success(request, "Calendar link revoked: calendars that use it no longer receive your meetings.")
        else:
            messages.info(request, "You had no calendar link.")
        return HttpResponseRedirect(back_url)
    had_link = meeting_feed_token_of(request.user) is not None
    try:
        meeting_feed_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back_url)
    if had_link:
        messages.success(
            request, "New calendar link made. The old link no longer works: subscribe again with the new one."
        )
    else:
        messages.success(request, "Calendar link made. Add it to your calendar application as a subscription.")
    return HttpResponseRedirect(back_url)
