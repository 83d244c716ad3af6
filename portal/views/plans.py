"""The vendor's improvement plans: the active and closed ones, each item's owner, milestone and
consequence, and recording the progress of the items the vendor owns."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalImprovementPlanTable
from scorecards.filters.plans import ImprovementPlanFilterSet
from scorecards.models import ImprovementPlan
from scorecards.pages.plans import plan_context, run_plan_action
from scorecards.selectors.plans import plan_detail, plan_list


class PortalPlanListView(PortalListView):
    queryset = plan_list()
    filterset_class = ImprovementPlanFilterSet
    table_class = PortalImprovementPlanTable
    title = "Improvement plans"
    export_filename = "improvement-plans"


class PortalPlanDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = plan_detail()
    template_name = "portal/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act_url = reverse("portal:plan_act", kwargs={"pk": self.object.pk})
        context.update(plan_context(self.object, self.request.user, act_url=act_url))
        return context


class PortalPlanActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``action=progress`` with ``item``, ``status`` and ``progress``."""

    permission_action = "plan.update_progress"
    model = ImprovementPlan

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object()
        return run_plan_action(request, plan, back_url=reverse("portal:plan_detail", kwargs={"pk": pk}))
