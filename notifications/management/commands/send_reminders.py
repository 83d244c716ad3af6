from django.core.management.base import BaseCommand

from notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "Raise today's contract reminders (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = send_reminders()
        self.stdout.write(f"Raised {report.done} reminder notification(s).")
        if report.failed:
            self.stderr.write(str(report))
