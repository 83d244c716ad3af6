"""Each user's notifications; the email outbox for hospital admins."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import FilteredTableView, ObjectListView
from core.views.mixins import HospitalAdminRequiredMixin, ScopedQuerysetMixin
from core.views.reach import vendor_reachable
from notifications import services
from notifications.filters import NotificationFilterSet, OutboxEmailFilterSet
from notifications.models import Notification, OutboxEmail
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
        services.notifications_mark_read(user=request.user, ids=None if notification_id is None else [notification_id])
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("notifications:notification_list")
        return HttpResponseRedirect(target)


class OutboxListView(HospitalAdminRequiredMixin, ObjectListView):
    model = OutboxEmail
    filterset_class = OutboxEmailFilterSet
    table_class = OutboxEmailTable
    template_name = "notifications/outbox_list.html"
    export_filename = "email-outbox"


class OutboxRetryView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = OutboxEmail

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        email = services.outbox_retry(email=self.get_object())
        if email.state == OutboxEmail.State.SENT:
            messages.info(request, f"“{email.subject}” was already sent; nothing to retry.")
        else:
            messages.success(request, f"“{email.subject}” is queued for delivery again.")
        return HttpResponseRedirect(reverse("notifications:outbox_list"))
