from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Monthly vendor reports"

    def ready(self) -> None:
        from notifications.services.failures import register_failed_email_handler
        from reports.selectors import evaluation_report_of
        from reports.services.delivery import delivery_failure_report
        from reports.services.qbr_delivery import qbr_delivery_failure_report
        from scorecards.evaluation_pdfs import register_pdf_finder

        register_failed_email_handler(delivery_failure_report)
        register_failed_email_handler(qbr_delivery_failure_report)
        register_pdf_finder(evaluation_report_of)  # the evaluation page links its PDF
