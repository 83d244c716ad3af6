from django.core.management.base import BaseCommand

from tickets.services.sweep import sweep_due_actions


class Command(BaseCommand):
    help = "Fire the SLA warnings, escalations and breaches that are due (what beat runs every minute)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Fired {sweep_due_actions()} SLA action(s).")
