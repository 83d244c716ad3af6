from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from slas.credit_sources import register_miss_counter
        from tickets import audit  # noqa: F401  (registers models with the audit trail)
        from tickets.selectors import clock_misses

        register_miss_counter(clock_misses)
