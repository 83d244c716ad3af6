from django.core.management.base import BaseCommand

from notifications.tasks import outbox_flush


class Command(BaseCommand):
    help = "Deliver every queued email that is due (what the beat schedule does each minute)."

    def handle(self, *args: object, **options: object) -> None:
        count = outbox_flush()
        self.stdout.write(f"Attempted delivery of {count} email(s).")
