from django.core.management.base import BaseCommand

from operations.tasks import send_recovery_reminders


class Command(BaseCommand):
    help = "Raise today's reminders of backup and DR tests due soon or overdue (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = send_recovery_reminders()
        self.stdout.write(f"Raised {report.done} reminder notification(s).")
        if report.failed:
            self.stderr.write(str(report))
