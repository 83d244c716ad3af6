"""Hospital pages of upgrade and change plans: the list, drafting and editing a plan (through
``operations.services.plans.plan_save``), its page, and the one POST of its moves and additions.
The page's facts and forms come from ``operations.pages.plans``, shared with the portal."""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from operations.filters.plans import ChangePlanFilterSet
from operations.forms.plans import ChangePlanForm
from operations.models import ChangePlan
from operations.pages.plans import plan_context, run_plan_action
from operations.selectors.plans import plan_detail, plan_list
from operations.services.plans import plan_save
from operations.tables.plans import ChangePlanTable


class ChangePlanListView(ObjectListView):
    queryset = plan_list()
    manage_action = "change_plan.edit"
    filterset_class = ChangePlanFilterSet
    table_class = ChangePlanTable
    export_filename = "change-plans"
    add_label = "Draft a plan"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No upgrade or change plans yet. A vendor drafts one in the portal, or draft it here: "
                "the component's new release, the window, the steps on each side, the rollback plan and "
                "the go/no-go checklist."
            )
        return context


class ChangePlanSaveMixin:
    request: HttpRequest

    def save_form(self, form: ChangePlanForm) -> Model:
        return plan_save(plan=form.instance, by=self.request.user)


class ChangePlanCreateView(ChangePlanSaveMixin, ObjectCreateView):
    permission_action = "change_plan.edit"
    model = ChangePlan
    form_class = ChangePlanForm
    title = "Draft an upgrade or change plan"
    success_message = "Plan “{object}” drafted: add its steps and checks, then propose it."


class ChangePlanUpdateView(ChangePlanSaveMixin, ObjectUpdateView):
    permission_action = "change_plan.edit"
    model = ChangePlan
    form_class = ChangePlanForm


class ChangePlanDetailView(ObjectDetailView):
    queryset = plan_detail()
    template_name = "operations/changeplan_detail.html"

    def get_related(self) -> dict[str, Any]:
        act_url = reverse("operations:changeplan_act", args=[self.object.pk])
        context = plan_context(self.object, self.request.user, act_url=act_url)
        context["component_url"] = reverse("operations:lifecycle_detail", args=[self.object.component_id])
        context["lessons_add_url"] = f"{reverse('operations:lessonsreview_add')}?plan={self.object.pk}"
        return context


class ChangePlanActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one move or addition (``action``); the service checks the exact permission."""

    permission_action = "change_plan.edit"
    model = ChangePlan
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object()
        return run_plan_action(request, plan, back_url=plan.get_absolute_url())
