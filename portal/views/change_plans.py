"""The vendor's upgrade and change plans in the portal: their list, drafting and editing one
before approval, its page with steps and checks, and the moves a vendor makes (propose, sign an
item, start, record the outcome). The page and its forms are ``operations.pages.plans``', shared
with the hospital UI; every write goes through ``operations.services.plans``."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views.mixins import ScopedQuerysetMixin
from operations.filters.plans import ChangePlanFilterSet
from operations.forms.plans import ChangePlanForm
from operations.models import ChangePlan
from operations.pages.plans import plan_context, run_plan_action
from operations.selectors.plans import plan_detail, plan_list
from operations.services.plans import plan_may, plan_save
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalChangePlanTable


def _detail_url(plan: ChangePlan) -> str:
    return reverse("portal:change_plan_detail", kwargs={"pk": plan.pk})


class PortalChangePlanListView(PortalListView):
    queryset = plan_list()
    filterset_class = ChangePlanFilterSet
    table_class = PortalChangePlanTable
    template_name = "portal/change_plan_list.html"
    title = "Upgrade and change plans"
    export_filename = "change-plans"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No plans yet. Draft one for your next upgrade or patch: the hospital approves it and "
                "its window becomes approved maintenance."
            )
        return context


class PortalChangePlanDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = plan_detail()
    template_name = "portal/change_plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act_url = reverse("portal:change_plan_act", kwargs={"pk": self.object.pk})
        context.update(plan_context(self.object, self.request.user, act_url=act_url))
        context["component_url"] = reverse("portal:lifecycle_detail", args=[self.object.component_id])
        return context


class PortalChangePlanFormMixin(PortalMixin):
    """Draft or change the vendor's own plan through ``plan_save``."""

    permission_action = "change_plan.edit"
    model = ChangePlan
    form_class = ChangePlanForm
    template_name = "portal/change_plan_form.html"
    request: HttpRequest
    object: ChangePlan | None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form: ChangePlanForm) -> HttpResponse:
        is_new = form.instance.pk is None
        try:
            plan = plan_save(plan=form.instance, by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        if is_new:
            messages.success(self.request, f"{plan} drafted: add its steps and checks, then propose it.")
        else:
            messages.success(self.request, f"{plan} saved.")
        return HttpResponseRedirect(_detail_url(plan))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        is_create = self.object is None
        context["title"] = "Draft an upgrade or change plan" if is_create else f"Edit {self.object}"
        context["submit_label"] = "Draft the plan" if is_create else "Save"
        context["cancel_url"] = reverse("portal:change_plan_list") if is_create else _detail_url(self.object)
        return context


class PortalChangePlanCreateView(PortalChangePlanFormMixin, CreateView):
    pass


class PortalChangePlanUpdateView(PortalChangePlanFormMixin, ScopedQuerysetMixin, UpdateView):
    """Only plans not approved yet."""

    queryset = plan_list()

    def _refuse(self) -> HttpResponse | None:
        self.object = self.get_object()
        if plan_may(self.object, self.request.user).edit:
            return None
        messages.error(self.request, "An approved plan is no longer edited; ask the hospital.")
        return HttpResponseRedirect(_detail_url(self.object))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().post(request, *args, **kwargs)


class PortalChangePlanActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one move or addition (``action``); the service checks the exact permission."""

    permission_action = "change_plan.edit"
    model = ChangePlan
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object()
        return run_plan_action(request, plan, back_url=_detail_url(plan))
