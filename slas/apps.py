from django.apps import AppConfig


class SlasConfig(AppConfig):
    name = "slas"
    verbose_name = "SLAs"

    def ready(self) -> None:
        from slas import audit  # noqa: F401  (registers models with the audit trail)
