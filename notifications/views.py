"""Each user's notifications; the email outbox for hospital admins."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views import HospitalAdminRequiredMixin, ObjectListView, ScopedQuerysetMixin
from core.views.generic import FilteredTableView
from notifications import services
from notifications.filters import NotificationFilterSet, OutboxEmailFilterSet
from notifications.models import Notification, OutboxEmail
from notifications.tables import NotificationTable, OutboxEmailTable


class NotificationListView(LoginRequiredMixin, FilteredTableView):
    """Every signed-in user, vendor users included, reads their own notifications here."""

    model = Notification
    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["base_template"] = "portal/base.html" if self.request.user.is_vendor_user else "base.html"
        return context


class NotificationMarkReadView(LoginRequiredMixin, View):
    """POST: mark one (``id``) or all of the user's notifications read, then go back."""

    def post(self, request: HttpRequest) -> HttpResponse:
        notification_id = request.POST.get("id")
        ids = [int(notification_id)] if notification_id and notification_id.isdigit() else None
        services.notifications_mark_read(user=request.user, ids=ids)
        target = request.POST.get("next", "")
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
        messages.success(request, f"“{email.subject}” is queued for delivery again.")
        return HttpResponseRedirect(reverse("notifications:outbox_list"))
