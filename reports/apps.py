from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Monthly vendor reports"

    def ready(self) -> None:
        from notifications.services.failures import register_failed_email_handler
        from reports.services.delivery import delivery_failure_report

        register_failed_email_handler(delivery_failure_report)
