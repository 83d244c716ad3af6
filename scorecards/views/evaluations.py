"""Evaluations in the hospital UI: the list, starting one, one evaluation with its scorecard
and lifecycle steps, all vendors side by side for a period, and a vendor's trend."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from scorecards.evaluation_pdfs import evaluation_pdf
from scorecards.filters.evaluations import EvaluationFilterSet
from scorecards.forms.evaluations import EvaluationStartForm, PeriodForm, parse_period, period_key
from scorecards.models import Evaluation, PeriodKind
from scorecards.pages.evaluations import evaluation_context, run_evaluation_action
from scorecards.selectors.evaluations import (
    evaluated_periods,
    evaluation_detail,
    evaluation_list,
    period_comparison,
    vendor_trend,
)
from scorecards.services.evaluations import evaluation_create
from scorecards.tables.evaluations import EvaluationTable
from vendors.models import Vendor


class EvaluationListView(ObjectListView):
    manage_action = "evaluation.manage"
    queryset = evaluation_list()
    filterset_class = EvaluationFilterSet
    table_class = EvaluationTable
    export_filename = "evaluations"
    add_label = "Start an evaluation"
    template_name = "scorecards/evaluation_list.html"


class EvaluationStartView(HospitalUserRequiredMixin, FormView):
    permission_action = "evaluation.manage"
    form_class = EvaluationStartForm
    template_name = "scorecards/evaluation_start.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"vendor": self.request.GET.get("vendor") or None}

    def form_valid(self, form: EvaluationStartForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            evaluation = evaluation_create(
                vendor=data["vendor"],
                template=data["template"],
                period_kind=data["period_kind"],
                period_start=form.period_start(),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Draft evaluation of {evaluation} started.")
        return HttpResponseRedirect(evaluation.get_absolute_url())


class EvaluationDetailView(ObjectDetailView):
    queryset = evaluation_detail()
    template_name = "scorecards/evaluation_detail.html"

    def get_related(self) -> dict[str, Any]:
        act_url = reverse("scorecards:evaluation_act", kwargs={"pk": self.object.pk})
        context = evaluation_context(self.object, self.request.user, act_url=act_url)
        context["trend_url"] = reverse("scorecards:vendor_trend", kwargs={"pk": self.object.vendor_id})
        context["pdf"] = evaluation_pdf(self.object)
        return context


class EvaluationActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one step (``action``): score, recognise, finalise, share, answer, close."""

    permission_action = "evaluation.manage"
    model = Evaluation

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.get_object()
        return run_evaluation_action(request, evaluation, back_url=evaluation.get_absolute_url())


class ComparisonView(HospitalUserRequiredMixin, TemplateView):
    """Every vendor evaluated for one period, side by side (the latest period by default)."""

    template_name = "scorecards/comparison.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        periods = evaluated_periods()
        form = PeriodForm(self.request.GET or None, periods=periods)
        if form.is_valid():
            kind, start = parse_period(form.cleaned_data["period"])
        elif periods:
            kind, start = periods[0]
            form = PeriodForm(initial={"period": period_key(kind, start)}, periods=periods)
        else:
            kind, start = PeriodKind.ANNUAL, None
        context["form"] = form
        context["comparison"] = period_comparison(kind, start) if start else None
        return context


class VendorTrendView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    """One vendor's finalised evaluations year over year, per criterion and area."""

    queryset = Vendor.objects.all()
    template_name = "scorecards/vendor_trend.html"
    context_object_name = "vendor"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("period_kind", PeriodKind.ANNUAL)
        kind = kind if kind in PeriodKind.values else PeriodKind.ANNUAL
        context.update(period_kind=kind, trend=vendor_trend(self.object.pk, period_kind=kind))
        return context
