"""Security incidents in the vendor portal: the vendor's incidents with their clocks, reporting
one (the vendor tells us now), and posting updates to its timeline."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView

from compliance.filters.incidents import SecurityIncidentFilterSet
from compliance.forms.incidents import PortalIncidentReportForm
from compliance.models import SecurityIncident
from compliance.pages.incidents import incident_context, run_incident_action
from compliance.selectors.incidents import incident_detail, incident_list
from compliance.services.incidents import incident_report
from core.forms import add_service_errors
from core.permissions import can
from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalSecurityIncidentTable


class PortalSecurityIncidentListView(PortalListView):
    model = SecurityIncident
    queryset = incident_list()
    filterset_class = SecurityIncidentFilterSet
    table_class = PortalSecurityIncidentTable
    template_name = "portal/security_incident_list.html"
    title = "Security incidents"
    export_filename = "security-incidents"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_report"] = can(self.request.user, "compliance.incident_report")
        return context


class PortalSecurityIncidentDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    model = SecurityIncident
    queryset = incident_detail()
    template_name = "portal/security_incident_detail.html"
    invalid: dict[str, Any] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(incident_context(self.object, user=self.request.user, now=timezone.now(), invalid=self.invalid))
        return context


class PortalSecurityIncidentUpdateView(PortalSecurityIncidentDetailView):
    """POST an update to the timeline; on an error the page is shown again with it."""

    permission_action = "compliance.incident_update"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action != "update":  # the hospital's steps are not the portal's
            raise Http404
        self.object = incident = self.get_object()
        message, form = run_incident_action(incident, action, request.POST, user=request.user)
        if form is None:
            messages.success(request, message)
            return HttpResponseRedirect(reverse("portal:security_incident_detail", kwargs={"pk": incident.pk}))
        self.invalid = {action: form}
        return self.render_to_response(self.get_context_data(), status=400)


class PortalSecurityIncidentReportView(PortalMixin, FormView):
    permission_action = "compliance.incident_report"
    form_class = PortalIncidentReportForm
    template_name = "portal/security_incident_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: PortalIncidentReportForm) -> HttpResponse:
        try:
            incident = incident_report(vendor=self.vendor, actor=self.request.user, **form.reported())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Incident “{incident}” reported to the hospital. Post updates as you learn more."
        )
        return HttpResponseRedirect(reverse("portal:security_incident_detail", kwargs={"pk": incident.pk}))
