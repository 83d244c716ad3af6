from django.core.management.base import BaseCommand

from tickets.services.history_jobs import history_imports_recover


class Command(BaseCommand):
    help = "Mark failed the ticket history imports whose worker died (what beat runs every 3 minutes)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Gave up {history_imports_recover()} stalled history import(s).")
