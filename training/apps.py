from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from accounts.staff_pages import StaffPage, register_staff_page
        from kpis.computed_sources import register_computed_kpis
        from tickets.ticket_sections import register_ticket_section
        from tickets.title_suggestions import register_title_suggestions
        from training import audit  # noqa: F401  (registers the audited models)
        from training.kpis import CODES, training_kpis
        from training.pages.articles import ticket_articles_section

        # The staff directory links each person's training transcript.
        register_staff_page(StaffPage("Training transcript", "training:transcript", icon="bi-mortarboard"))
        # A ticket's page shows the knowledge-base articles that answer it; the ticket form
        # suggests published articles matching its title as it is typed.
        register_ticket_section(ticket_articles_section)
        register_title_suggestions("training:article_suggest")
        # The catalogue's training KPIs, computed hourly with the others.
        register_computed_kpis(CODES, training_kpis)
