from django.core.management.base import BaseCommand

from notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "Raise today's contract reminders (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        count = send_reminders()
        self.stdout.write(f"Raised {count} reminder notification(s).")
