"""Each user's notifications and notification settings; the email outbox for hospital admins."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import FilteredTableView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from core.views.reach import vendor_reachable
from notifications.event_types import SPECS
from notifications.filters import NotificationFilterSet, OutboxEmailFilterSet
from notifications.forms import PreferencesForm
from notifications.models import Notification, OutboxEmail
from notifications.selectors import digest_pending, preference_rows
from notifications.services import notify, outbox, preferences
from notifications.tables import NotificationTable, OutboxEmailTable


@vendor_reachable
class NotificationListView(LoginRequiredMixin, FilteredTableView):
    """Every signed-in user, vendor users included, reads their own notifications here."""

    model = Notification
    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template_name = "notifications/notification_list.html"


class MarkReadForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1)
    next = forms.CharField(required=False)


@vendor_reachable
class NotificationMarkReadView(LoginRequiredMixin, View):
    """POST: mark one (``id``) or all of the user's notifications read, then go back."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MarkReadForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Invalid notification id.")
        notification_id = form.cleaned_data["id"]
        notify.notifications_mark_read(user=request.user, ids=None if notification_id is None else [notification_id])
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("notifications:notification_list")
        return HttpResponseRedirect(target)


class OutboxListView(ObjectListView):
    permission_action = "outbox.manage"
    model = OutboxEmail
    filterset_class = OutboxEmailFilterSet
    table_class = OutboxEmailTable
    template_name = "notifications/outbox_list.html"
    export_filename = "email-outbox"


class OutboxRetryView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "outbox.manage"
    model = OutboxEmail

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        email = outbox.outbox_retry(email=self.get_object())
        if email.state == OutboxEmail.State.SENT:
            messages.info(request, f"“{email.subject}” was already sent; nothing to retry.")
        else:
            messages.success(request, f"“{email.subject}” is queued for delivery again.")
        return HttpResponseRedirect(reverse("notifications:outbox_list"))


@vendor_reachable
class NotificationPreferencesView(LoginRequiredMixin, View):
    """Every signed-in user chooses, per event type, in the app and/or email (at once or in the
    daily digest). POST saves the whole table; ``reset`` (an event type, or ``all``) returns
    to the defaults."""

    template_name = "notifications/preferences.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(PreferencesForm(rows=preference_rows(user=request.user)))

    def post(self, request: HttpRequest) -> HttpResponse:
        reset = request.POST.get("reset", "")
        if reset:
            return self._reset(request, reset)
        form = PreferencesForm(request.POST, rows=preference_rows(user=request.user))
        if form.is_valid():
            try:
                rows = preferences.preferences_save(user=request.user, choices=form.choices())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                own = sum(not row.is_default for row in rows)
                kept = f"{own} of your own, the rest as default" if own else "all as default"
                messages.success(request, f"Notification settings saved ({kept}).")
                return HttpResponseRedirect(reverse("notifications:preferences"))
        return self._render(form, status=400)

    def _reset(self, request: HttpRequest, reset: str) -> HttpResponse:
        if reset == "all":
            preferences.preferences_reset(user=request.user)
            messages.success(request, "Every notification setting is back to its default.")
        elif reset in SPECS:
            preferences.preferences_reset(user=request.user, event_types=[reset])
            messages.success(request, f"“{SPECS[reset].label}” is back to its default.")
        else:
            return HttpResponseBadRequest("Unknown event type.")
        return HttpResponseRedirect(reverse("notifications:preferences"))

    def _render(self, form: PreferencesForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "own_choices": sum(not row.is_default for row in form.rows),
            "digest_time": settings.NOTIFICATIONS_DIGEST_TIME,
            "time_zone": settings.TIME_ZONE,
            "digest_waiting": digest_pending().filter(recipient=self.request.user).count(),
        }
        return render(self.request, self.template_name, context, status=status)
