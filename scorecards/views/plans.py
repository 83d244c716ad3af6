"""Improvement plans in the hospital UI: the list, opening one by hand, one plan with its items
and steps."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from scorecards.filters.plans import ImprovementPlanFilterSet
from scorecards.forms.plans import PlanStartForm
from scorecards.models import ImprovementPlan
from scorecards.pages.plans import plan_context, run_plan_action
from scorecards.selectors.plans import plan_detail, plan_list
from scorecards.services.plans import plan_create
from scorecards.tables.plans import ImprovementPlanTable


class PlanListView(ObjectListView):
    manage_action = "plan.manage"
    queryset = plan_list()
    filterset_class = ImprovementPlanFilterSet
    table_class = ImprovementPlanTable
    export_filename = "improvement-plans"
    add_label = "Open a plan"


class PlanStartView(HospitalUserRequiredMixin, FormView):
    permission_action = "plan.manage"
    form_class = PlanStartForm
    template_name = "scorecards/plan_start.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: PlanStartForm) -> HttpResponse:
        try:
            plan = plan_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Draft plan opened: add its items, then activate it.")
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanDetailView(ObjectDetailView):
    queryset = plan_detail()
    template_name = "scorecards/plan_detail.html"

    def get_related(self) -> dict[str, Any]:
        act_url = reverse("scorecards:improvementplan_act", kwargs={"pk": self.object.pk})
        return plan_context(self.object, self.request.user, act_url=act_url)


class PlanActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one step (``action``): add_item, progress, activate, close."""

    permission_action = "plan.manage"
    model = ImprovementPlan

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object()
        return run_plan_action(request, plan, back_url=plan.get_absolute_url())
