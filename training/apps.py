from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from accounts.staff_pages import StaffPage, register_staff_page
        from training import audit  # noqa: F401  (registers the audited models)

        # The staff directory links each person's training transcript.
        register_staff_page(StaffPage("Training transcript", "training:transcript", icon="bi-mortarboard"))
