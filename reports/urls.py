from django.urls import path

from reports.views import access_log, archive, qbr, recipients
from reports.views.opt_out import OptOutView

app_name = "reports"

urlpatterns = [
    path("", archive.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/", archive.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/pdf/", archive.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/progress/", archive.ReportProgressView.as_view(), name="report_progress"),
    path("<int:pk>/regenerate/", archive.ReportRegenerateView.as_view(), name="report_regenerate"),
    path("<int:pk>/resend/", archive.ReportResendView.as_view(), name="report_resend"),
    path("<int:pk>/verify/", archive.ReportVerifyView.as_view(), name="report_verify"),
    path("recipients/", recipients.RecipientListView.as_view(), name="recipient_list"),
    path("recipients/add/", recipients.RecipientAddView.as_view(), name="recipient_add"),
    path("recipients/add-usual/", recipients.RecipientAddUsualView.as_view(), name="recipient_add_usual"),
    path("recipients/<int:pk>/remove/", recipients.RecipientRemoveView.as_view(), name="recipient_remove"),
    path("recipients/<int:pk>/opt-in/", recipients.RecipientOptInView.as_view(), name="recipient_opt_in"),
    path("qbr/", qbr.QbrPackListView.as_view(), name="qbr_list"),
    path("qbr/<int:pk>/", qbr.QbrPackDetailView.as_view(), name="qbr_detail"),
    path("qbr/<int:pk>/pdf/", qbr.QbrPackPdfView.as_view(), name="qbr_pdf"),
    path("qbr/<int:pk>/progress/", qbr.QbrPackProgressView.as_view(), name="qbr_progress"),
    path("qbr/<int:pk>/regenerate/", qbr.QbrPackRegenerateView.as_view(), name="qbr_regenerate"),
    path("opt-out/<str:token>/", OptOutView.as_view(), name="opt_out"),
    # a vendor's monthly access log for auditors
    path("access-log/", access_log.AccessLogPdfView.as_view(), name="access_log"),
]
