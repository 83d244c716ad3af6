"""The vendor's health assessments in the portal: their list (overdue flagged) and a schedule's
page, where the vendor's engineer records a run with a result per check, adds findings and marks
them done. The page is ``operations.pages.health``', shared with the hospital UI; every write goes
through ``operations.services.health``."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from operations.filters.health import HealthAssessmentFilterSet
from operations.models import HealthAssessment
from operations.pages.health import health_context, run_health_action
from operations.selectors.health import assessment_detail, assessment_list
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalHealthAssessmentTable


class PortalHealthListView(PortalListView):
    queryset = assessment_list()
    filterset_class = HealthAssessmentFilterSet
    table_class = PortalHealthAssessmentTable
    title = "Health assessments"
    export_filename = "health-assessments"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No health assessments scheduled for your components yet; the hospital schedules them, "
                "quarterly by default, and your engineer records each one here."
            )
        return context


class PortalHealthDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = assessment_detail()
    template_name = "portal/health_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act_url = reverse("portal:health_act", kwargs={"pk": self.object.pk})
        context.update(health_context(self.object, self.request.user, act_url=act_url))
        return context


class PortalHealthActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST a run, a finding or its done; the service checks the permission again."""

    permission_action = "health.record"
    model = HealthAssessment
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.get_object()
        back = reverse("portal:health_detail", kwargs={"pk": assessment.pk})
        return run_health_action(request, assessment, back_url=back)
