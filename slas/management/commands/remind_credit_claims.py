from django.core.management.base import BaseCommand

from slas.services.credit_reminders import credit_claim_reminders


class Command(BaseCommand):
    help = "Remind hospital admins of owed service credits near their claim deadline (what beat runs daily)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Raised {credit_claim_reminders()} reminder(s).")
