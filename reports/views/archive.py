"""The report archive in the hospital UI: every version of every vendor-month, generating one,
a version's page (figures, hashes, agreements, deliveries) and its actions: download,
regenerate, resend, verify."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.formatting import format_count
from core.permissions import can, require
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from reports.filters import MonthlyReportFilterSet
from reports.forms import RegenerateForm, ReportGenerateForm
from reports.models import MonthlyReport
from reports.pages import report_pdf_response
from reports.selectors import report_deliveries, report_detail, report_list, report_status
from reports.services.delivery import NotDeliverable, active_recipients, report_resend
from reports.services.generation import MonthNotReportable, ReportBusy, report_queue
from reports.services.verification import NotVerifiable, report_verification
from reports.tables import MonthlyReportTable, SiblingRowTable


def busy_message(busy: ReportBusy) -> str:
    running = busy.report
    return (
        f"{running.vendor}'s report for {running.month:%Y-%m} is being generated already "
        f"(version {running.version}, {running.progress} % done). Wait for it to finish, then regenerate if needed."
    )


def queued_message(report: MonthlyReport) -> str:
    return (
        f"Generating {report.vendor}'s report for {report.month:%Y-%m} (version {report.version}). "
        "It shows its progress here and appears as ready when done."
    )


class ReportListView(ObjectListView):
    """The archive; hospital admins also generate a vendor's month from it (POST)."""

    queryset = report_list()
    filterset_class = MonthlyReportFilterSet
    table_class = MonthlyReportTable
    export_filename = "monthly-reports"
    template_name = "reports/report_list.html"

    def get_filterset_kwargs(self, filterset_class: type) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data.setdefault("current", "true")  # superseded versions on request only
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_generate"] = can(self.request.user, "report.manage")
        if context["can_generate"]:
            context["generate_form"] = kwargs.get("generate_form") or ReportGenerateForm(user=self.request.user)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "report.manage")
        form = ReportGenerateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = report_queue(
                    vendor=data["vendor"], month=data["month"], requested_by=request.user, reason=data["reason"]
                )
            except ReportBusy as busy:
                form.add_error(None, busy_message(busy))
            except MonthNotReportable as error:
                form.add_error("month", str(error))
            else:
                messages.info(request, queued_message(report))
                return HttpResponseRedirect(request.get_full_path())
        filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        context = self.get_context_data(filter=filterset, object_list=self.object_list, generate_form=form)
        return self.render_to_response(context, status=400)


class ReportProgressView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """What htmx polls while a version is generating: its archive row, or (``?from=detail``)
    the progress card of its page, which reloads the page once the version is done."""

    queryset = report_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        if request.GET.get("from") == "detail":
            response = render(request, "reports/includes/progress_card.html", {"report": report})
            if report.state != MonthlyReport.State.GENERATING:
                response["HX-Refresh"] = "true"
            return response
        context = {"table": MonthlyReportTable([report])}
        if report.state != MonthlyReport.State.GENERATING:
            # A new current version changes the rows of the month's other versions too.
            siblings = self.get_queryset().filter(vendor_id=report.vendor_id, month=report.month).exclude(pk=report.pk)
            context["siblings"] = SiblingRowTable(list(siblings.order_by("-version")))
        return render(request, "reports/includes/report_row.html", context)


class ReportDetailView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    queryset = report_detail().defer(None)  # the page shows the snapshot's figures
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def versions(self) -> QuerySet[MonthlyReport]:
        report = self.object
        return (
            report_list()
            .visible_to(self.request.user)
            .filter(vendor_id=report.vendor_id, month=report.month)
            .order_by("-version")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.object
        snapshot = report.snapshot or {}
        frozen = snapshot.get("agreements", [])
        linked = {agreement.pk: agreement for agreement in report.agreements.all()}
        frozen_ids = {agreement.get("id") for agreement in frozen}
        can_manage = can(self.request.user, "report.manage")
        context.update(
            {
                "status": report_status(report),
                "versions": self.versions(),
                "deliveries": report_deliveries(report),
                "summary": snapshot.get("sections", {}).get("summary"),
                "snapshot_contract": snapshot.get("contract"),
                # As frozen in the snapshot, linked to the agreement when it still exists.
                "snapshot_agreements": [{**agreement, "link": linked.get(agreement.get("id"))} for agreement in frozen],
                "other_agreements": [agreement for pk, agreement in linked.items() if pk not in frozen_ids],
                "can_manage": can_manage,
                "is_ready": report.state == MonthlyReport.State.READY,
                "regenerate_form": RegenerateForm(),
            }
        )
        if can_manage and report.state == MonthlyReport.State.READY:
            context["resend_recipients"] = active_recipients(report.vendor_id)
        return context


class ReportPdfView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = MonthlyReport.objects.select_related("vendor").defer("snapshot")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return report_pdf_response(self.get_object())


class ReportActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one action on a version, report the outcome as a message, go back to a page."""

    permission_action = "report.manage"
    queryset = MonthlyReport.objects.select_related("vendor")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = self.get_object()
        return HttpResponseRedirect(self.act(request, self.object))

    def act(self, request: HttpRequest, report: MonthlyReport) -> str:
        raise NotImplementedError


def _detail(report: MonthlyReport) -> str:
    return reverse("reports:report_detail", kwargs={"pk": report.pk})


class ReportRegenerateView(ReportActionView):
    """A new version of the same vendor-month; this one stays, marked superseded once the new
    one is generated."""

    def act(self, request: HttpRequest, report: MonthlyReport) -> str:
        form = RegenerateForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            fresh = report_queue(vendor=report.vendor, month=report.month, requested_by=request.user, reason=reason)
        except ReportBusy as busy:
            messages.error(request, busy_message(busy))
            return _detail(busy.report)
        except MonthNotReportable as error:
            messages.error(request, str(error))
            return _detail(report)
        messages.info(request, queued_message(fresh))
        return _detail(fresh)


class ReportResendView(ReportActionView):
    """Email this version again: to every active recipient, or to the one chosen."""

    def act(self, request: HttpRequest, report: MonthlyReport) -> str:
        chosen = request.POST.get("recipient", "")
        recipient_ids = [int(chosen)] if chosen.isdigit() else None
        try:
            deliveries = report_resend(report=report, requested_by=request.user, recipient_ids=recipient_ids)
        except NotDeliverable as error:
            messages.error(request, str(error))
        else:
            addresses = ", ".join(delivery.email for delivery in deliveries)
            messages.success(
                request,
                f"Version {report.version} queued for {format_count(len(deliveries), 'recipient')}: {addresses}.",
            )
        return _detail(report) + "#deliveries"


class ReportVerifyView(ReportActionView):
    """Render the PDF again from the snapshot and compare its SHA-256 with the recorded one."""

    def act(self, request: HttpRequest, report: MonthlyReport) -> str:
        try:
            verification = report_verification(report)
        except NotVerifiable as error:
            messages.error(request, str(error))
            return _detail(report)
        level = messages.SUCCESS if verification.matches else messages.ERROR
        messages.add_message(request, level, verification.describe())
        return _detail(report)
