from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = "Vendor scorecards"

    def ready(self) -> None:
        from scorecards import audit  # noqa: F401  (registers models with the audit trail)
