from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations: component lifecycle and change plans"

    def ready(self) -> None:
        from operations import audit  # noqa: F401  (registers models with the audit trail)
