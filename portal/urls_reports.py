"""The vendor's monthly reports under ``/portal/reports/`` (names in the ``portal`` namespace)."""

from django.urls import path

from portal.views import reports

urlpatterns = [
    path("", reports.PortalReportListView.as_view(), name="report_list"),
    path("<int:pk>/pdf/", reports.PortalReportPdfView.as_view(), name="report_pdf"),
]
