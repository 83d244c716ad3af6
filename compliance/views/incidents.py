"""Hospital pages of security incidents: the list with both clocks, recording one, its page with
the clocks, the timeline and the steps (``compliance.pages.incidents``)."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from compliance.filters.incidents import SecurityIncidentFilterSet
from compliance.forms.incidents import IncidentReportForm
from compliance.models import SecurityIncident
from compliance.pages.incidents import ACTIONS, incident_context, run_incident_action
from compliance.selectors.incidents import incident_detail, incident_list
from compliance.services.incidents import incident_report
from compliance.tables.incidents import SecurityIncidentTable
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView

# Who may take each step of the page (the service checks again).
ACTION_PERMISSIONS = {
    "update": "compliance.incident_update",
    "notified-vendor": "compliance.incident_manage",
    "notified-authority": "compliance.incident_manage",
    "close": "compliance.incident_manage",
}


class SecurityIncidentListView(ObjectListView):
    model = SecurityIncident
    queryset = incident_list()
    manage_action = "compliance.incident_report"
    filterset_class = SecurityIncidentFilterSet
    table_class = SecurityIncidentTable
    export_filename = "security-incidents"
    add_label = "Record an incident"


class SecurityIncidentCreateView(ObjectCreateView):
    permission_action = "compliance.incident_report"
    model = SecurityIncident
    form_class = IncidentReportForm
    title = "Record a security incident"
    submit_label = "Record the incident"
    success_message = "Security incident “{object}” recorded: its clocks are running."

    def save_form(self, form: IncidentReportForm) -> Model:
        return incident_report(vendor=form.cleaned_data["vendor"], actor=self.request.user, **form.reported())


class SecurityIncidentDetailView(ObjectDetailView):
    manage_action = "compliance.incident_manage"
    model = SecurityIncident
    queryset = incident_detail()
    template_name = "compliance/securityincident_detail.html"
    invalid: dict[str, Any] | None = None

    def get_related(self) -> dict[str, Any]:
        return incident_context(self.object, user=self.request.user, now=timezone.now(), invalid=self.invalid)


class SecurityIncidentActionView(SecurityIncidentDetailView):
    """POST one step of the page; on an error the incident is shown again with the form's errors."""

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Who may take the step is checked before any handler; an unknown step is a 404 on POST.
        self.permission_action = ACTION_PERMISSIONS.get(kwargs.get("action", ""), "")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ACTIONS:
            raise Http404
        self.object = incident = self.get_object()
        message, form = run_incident_action(incident, action, request.POST, user=request.user)
        if form is None:
            messages.success(request, message)
            return HttpResponseRedirect(incident.get_absolute_url())
        self.invalid = {action: form}
        return self.render_to_response(self.get_context_data(), status=400)
