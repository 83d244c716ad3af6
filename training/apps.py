from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from accounts.staff_pages import StaffPage, register_staff_page
        from kpis.computed_sources import register_computed_kpis
        from training import audit  # noqa: F401  (registers the audited models)
        from training.kpis import CODES, training_kpis

        # The staff directory links each person's training transcript.
        register_staff_page(StaffPage("Training transcript", "training:transcript", icon="bi-mortarboard"))
        # The catalogue's training KPIs, computed hourly with the others.
        register_computed_kpis(CODES, training_kpis)
