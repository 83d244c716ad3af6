from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Security and compliance"

    def ready(self) -> None:
        from compliance import audit  # noqa: F401  (registers models with the audit trail)
