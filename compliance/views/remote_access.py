"""Hospital pages of remote access: the sessions with their flags, recording a request, a
session's page with its steps (``compliance.pages.remote_access``), and the vendor access log
with its filters and CSV."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from compliance.filters.remote_access import AccessLogFilterSet, RemoteAccessSessionFilterSet
from compliance.forms.remote_access import SessionRequestForm
from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.pages.remote_access import ACTIONS, run_session_action, session_context
from compliance.selectors.remote_access import access_log, session_list
from compliance.services.remote_access import session_request
from compliance.tables.remote_access import AccessLogTable, RemoteAccessSessionTable
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView


class RemoteAccessSessionListView(ObjectListView):
    model = RemoteAccessSession  # the rows come from get_queryset: flagged as of now
    manage_action = "compliance.remote_request"
    filterset_class = RemoteAccessSessionFilterSet
    table_class = RemoteAccessSessionTable
    export_filename = "remote-access-sessions"
    add_label = "Record a request"

    def get_queryset(self) -> Any:
        self.queryset = session_list(now=timezone.now()).prefetch_related("components")
        return super().get_queryset()


class RemoteAccessSessionCreateView(ObjectCreateView):
    permission_action = "compliance.remote_request"
    model = RemoteAccessSession
    form_class = SessionRequestForm
    title = "Record a remote-access request"
    submit_label = "Record the request"

    def save_form(self, form: SessionRequestForm) -> Model:
        return session_request(vendor=form.cleaned_data["vendor"], actor=self.request.user, **form.requested())


class RemoteAccessSessionDetailView(ObjectDetailView):
    manage_action = "compliance.remote_decide"
    model = RemoteAccessSession
    queryset = RemoteAccessSession.objects.select_related("vendor", "ticket", "decided_by", "requested_by")
    template_name = "compliance/remoteaccesssession_detail.html"
    invalid: dict[str, Any] | None = None

    def get_related(self) -> dict[str, Any]:
        return session_context(self.object, user=self.request.user, now=timezone.now(), invalid=self.invalid)


class RemoteAccessSessionActionView(RemoteAccessSessionDetailView):
    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Who may take the step is checked before any handler; an unknown step is a 404 on POST.
        self.permission_action = ACTIONS.get(kwargs.get("action", ""), "")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ACTIONS:
            raise Http404
        self.object = session = self.get_object()
        message, form = run_session_action(session, action, request.POST, user=request.user)
        if form is None:
            messages.success(request, message)
            return HttpResponseRedirect(session.get_absolute_url())
        self.invalid = {action: form}
        return self.render_to_response(self.get_context_data(), status=400)


class AccessLogView(ObjectListView):
    """The vendor access log auditors ask for: newest first, filtered, ``?export=csv``."""

    model = AccessLogEntry
    queryset = access_log()
    filterset_class = AccessLogFilterSet
    table_class = AccessLogTable
    export_filename = "vendor-access-log"
    lazy_pagination = True  # ten million entries and more: no COUNT(*), pages read as far as asked
