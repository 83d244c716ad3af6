"""The vendor's monthly performance reports: every generated version of their own vendor's
months (the current one highlighted, older ones marked superseded), downloaded as PDF, and the
packs of their quarterly business reviews. Deliveries and recipients are the hospital's business
and never shown here."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalQbrPackTable, PortalReportTable
from reports.filters import MonthlyReportFilterSet, QbrPackFilterSet
from reports.forms import AccessLogMonthForm
from reports.models import MonthlyReport
from reports.pages import access_log_pdf_response, qbr_pack_pdf_response, report_pdf_response
from reports.selectors import qbr_pack_list, report_list

# The archive's status (emails sent, to whom) and the hospital's reasons are not the vendor's.
HOSPITAL_ONLY_FILTERS = ("status", "q")


class PortalReportListView(PortalListView):
    queryset = report_list()
    filterset_class = MonthlyReportFilterSet
    table_class = PortalReportTable
    title = "Monthly reports"
    export_filename = "monthly-reports"
    template_name = "portal/report_list.html"

    def get_filterset(self, filterset_class: type) -> Any:
        filterset = super().get_filterset(filterset_class)
        for name in HOSPITAL_ONLY_FILTERS:
            filterset.filters.pop(name, None)
            filterset.form.fields.pop(name, None)
        return filterset


class PortalReportPdfView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = MonthlyReport.objects.select_related("vendor").defer("snapshot")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return report_pdf_response(self.get_object())


class PortalQbrPackListView(PortalListView):
    queryset = qbr_pack_list()
    filterset_class = QbrPackFilterSet
    table_class = PortalQbrPackTable
    title = "QBR packs"
    export_filename = "qbr-packs"
    template_name = "portal/qbr_list.html"


class PortalQbrPackPdfView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = qbr_pack_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return qbr_pack_pdf_response(self.get_object())


class PortalAccessLogPdfView(PortalMixin, TemplateView):
    """The vendor's own monthly access log (what the hospital's auditors read of it) as a PDF."""

    template_name = "portal/access_log.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.GET:
            return self.render_to_response({"form": AccessLogMonthForm(user=request.user, with_vendor=False)})
        form = AccessLogMonthForm(request.GET, user=request.user, with_vendor=False)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        return access_log_pdf_response(self.vendor, form.cleaned_data["month"])
