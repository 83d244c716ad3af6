"""Remote access in the vendor portal: the vendor's sessions with their flags, requesting one,
and recording its start and end."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView

from compliance.filters.remote_access import RemoteAccessSessionFilterSet
from compliance.forms.remote_access import PortalSessionRequestForm
from compliance.models import RemoteAccessSession
from compliance.pages.remote_access import run_session_action, session_context
from compliance.selectors.remote_access import session_list
from compliance.services.remote_access import session_request
from core.forms import add_service_errors
from core.permissions import can
from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalRemoteAccessSessionTable


class PortalRemoteAccessListView(PortalListView):
    model = RemoteAccessSession  # the rows come from get_queryset: flagged as of now
    filterset_class = RemoteAccessSessionFilterSet
    table_class = PortalRemoteAccessSessionTable
    template_name = "portal/remote_access_list.html"
    title = "Remote access"
    export_filename = "remote-access-sessions"

    def get_queryset(self) -> Any:
        self.queryset = session_list(now=timezone.now())
        return super().get_queryset()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_request"] = can(self.request.user, "compliance.remote_request")
        return context


class PortalRemoteAccessDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    model = RemoteAccessSession
    queryset = RemoteAccessSession.objects.select_related("vendor", "ticket", "decided_by")
    template_name = "portal/remote_access_detail.html"
    invalid: dict[str, Any] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(session_context(self.object, user=self.request.user, now=timezone.now(), invalid=self.invalid))
        return context


class PortalRemoteAccessActionView(PortalRemoteAccessDetailView):
    """POST the start or the end of a session; on an error the page is shown again with it."""

    permission_action = "compliance.remote_record"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ("start", "end"):  # deciding is the hospital's
            raise Http404
        self.object = session = self.get_object()
        message, form = run_session_action(session, action, request.POST, user=request.user)
        if form is None:
            messages.success(request, message)
            return HttpResponseRedirect(reverse("portal:remote_access_detail", kwargs={"pk": session.pk}))
        self.invalid = {action: form}
        return self.render_to_response(self.get_context_data(), status=400)


class PortalRemoteAccessRequestView(PortalMixin, FormView):
    permission_action = "compliance.remote_request"
    form_class = PortalSessionRequestForm
    template_name = "portal/remote_access_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: PortalSessionRequestForm) -> HttpResponse:
        try:
            session = session_request(vendor=self.vendor, actor=self.request.user, **form.requested())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Remote access requested: you are told when the hospital decides.")
        return HttpResponseRedirect(reverse("portal:remote_access_detail", kwargs={"pk": session.pk}))
