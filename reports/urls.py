from django.urls import path

from core.views.lazy import lazy_view

app_name = "reports"

urlpatterns = [
    path("", lazy_view("reports.views.archive.ReportListView"), name="report_list"),
    path("<int:pk>/", lazy_view("reports.views.archive.ReportDetailView"), name="report_detail"),
    path("<int:pk>/pdf/", lazy_view("reports.views.archive.ReportPdfView"), name="report_pdf"),
    path("<int:pk>/progress/", lazy_view("reports.views.archive.ReportProgressView"), name="report_progress"),
    path("<int:pk>/regenerate/", lazy_view("reports.views.archive.ReportRegenerateView"), name="report_regenerate"),
    path("<int:pk>/resend/", lazy_view("reports.views.archive.ReportResendView"), name="report_resend"),
    path("<int:pk>/verify/", lazy_view("reports.views.archive.ReportVerifyView"), name="report_verify"),
    path("recipients/", lazy_view("reports.views.recipients.RecipientListView"), name="recipient_list"),
    path("recipients/add/", lazy_view("reports.views.recipients.RecipientAddView"), name="recipient_add"),
    path(
        "recipients/add-usual/", lazy_view("reports.views.recipients.RecipientAddUsualView"), name="recipient_add_usual"
    ),
    path(
        "recipients/<int:pk>/remove/",
        lazy_view("reports.views.recipients.RecipientRemoveView"),
        name="recipient_remove",
    ),
    path(
        "recipients/<int:pk>/opt-in/", lazy_view("reports.views.recipients.RecipientOptInView"), name="recipient_opt_in"
    ),
    path("qbr/", lazy_view("reports.views.qbr.QbrPackListView"), name="qbr_list"),
    path("qbr/<int:pk>/", lazy_view("reports.views.qbr.QbrPackDetailView"), name="qbr_detail"),
    path("qbr/<int:pk>/pdf/", lazy_view("reports.views.qbr.QbrPackPdfView"), name="qbr_pdf"),
    path("qbr/<int:pk>/progress/", lazy_view("reports.views.qbr.QbrPackProgressView"), name="qbr_progress"),
    path("qbr/<int:pk>/regenerate/", lazy_view("reports.views.qbr.QbrPackRegenerateView"), name="qbr_regenerate"),
    path("qbr/<int:pk>/send/", lazy_view("reports.views.qbr.QbrPackSendView"), name="qbr_send"),
    path(
        "evaluations/", lazy_view("reports.views.evaluations.EvaluationReportListView"), name="evaluation_report_list"
    ),
    path(
        "evaluations/<int:pk>/",
        lazy_view("reports.views.evaluations.EvaluationReportDetailView"),
        name="evaluation_report_detail",
    ),
    path(
        "evaluations/<int:pk>/pdf/",
        lazy_view("reports.views.evaluations.EvaluationReportPdfView"),
        name="evaluation_report_pdf",
    ),
    path(
        "evaluations/<int:pk>/progress/",
        lazy_view("reports.views.evaluations.EvaluationReportProgressView"),
        name="evaluation_report_progress",
    ),
    path(
        "evaluations/<int:pk>/regenerate/",
        lazy_view("reports.views.evaluations.EvaluationReportRegenerateView"),
        name="evaluation_report_regenerate",
    ),
    path(
        "evaluations/<int:pk>/send/",
        lazy_view("reports.views.evaluations.EvaluationReportSendView"),
        name="evaluation_report_send",
    ),
    path("opt-out/<str:token>/", lazy_view("reports.views.opt_out.OptOutView"), name="opt_out"),
    # a vendor's monthly access log for auditors
    path("access-log/", lazy_view("reports.views.access_log.AccessLogPdfView"), name="access_log"),
]
