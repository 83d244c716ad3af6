"""Evaluation PDFs in the hospital UI: the list (hospital admins generate a finalised
evaluation's PDF from it), a PDF's page with its progress while a worker builds it and its sends,
sending it by email, and the PDF."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.permissions import can, require
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from reports.filters import EvaluationReportFilterSet
from reports.forms import EvaluationReportForm
from reports.models import EvaluationReport
from reports.pages import evaluation_report_pdf_response
from reports.selectors import evaluation_report_list, evaluation_sends
from reports.services.evaluation_delivery import evaluation_addressees, evaluation_report_send
from reports.services.evaluations import evaluation_report_queue
from reports.tables import EvaluationReportTable


class EvaluationReportListView(ObjectListView):
    queryset = evaluation_report_list()
    filterset_class = EvaluationReportFilterSet
    table_class = EvaluationReportTable
    export_filename = "evaluation-pdfs"
    template_name = "reports/evaluation_report_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_generate"] = can(self.request.user, "report.manage")
        if context["can_generate"]:
            context["generate_form"] = kwargs.get("generate_form") or EvaluationReportForm(user=self.request.user)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "report.manage")
        form = EvaluationReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                report = evaluation_report_queue(evaluation=form.cleaned_data["evaluation"], requested_by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.info(request, f"Generating the PDF of {report.evaluation}. Its page shows the progress.")
                return HttpResponseRedirect(report.get_absolute_url())
        filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        context = self.get_context_data(filter=filterset, object_list=self.object_list, generate_form=form)
        return self.render_to_response(context, status=400)


class EvaluationReportDetailView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    queryset = evaluation_report_list()
    template_name = "reports/evaluation_report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can(self.request.user, "report.manage")
        context["sends"] = evaluation_sends(self.object)
        context["addressees"] = evaluation_addressees(self.object.vendor_id)
        return context


class EvaluationReportProgressView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """What htmx polls while a PDF is generating: its progress card, which reloads the page
    once the PDF is done."""

    queryset = evaluation_report_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        response = render(request, "reports/includes/evaluation_report_progress.html", {"report": report})
        if report.state != EvaluationReport.State.GENERATING:
            response["HX-Refresh"] = "true"
        return response


class EvaluationReportRegenerateView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Build the PDF again (the surveys and the plan's items as they are now; the scores stay frozen)."""

    permission_action = "report.manage"
    queryset = evaluation_report_list()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        try:
            evaluation_report_queue(evaluation=report.evaluation, requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, "Generating the PDF again. This page shows the progress.")
        return HttpResponseRedirect(report.get_absolute_url())


class EvaluationReportSendView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Mail the PDF to the vendor's account managers and the hospital admins (again)."""

    permission_action = "report.manage"
    queryset = evaluation_report_list()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        try:
            deliveries = evaluation_report_send(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Sent to {len(deliveries)} address{'es' if len(deliveries) != 1 else ''}.")
        return HttpResponseRedirect(report.get_absolute_url())


class EvaluationReportPdfView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = evaluation_report_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return evaluation_report_pdf_response(self.get_object())
