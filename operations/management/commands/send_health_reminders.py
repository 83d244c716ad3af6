from django.core.management.base import BaseCommand

from operations.tasks import send_health_reminders


class Command(BaseCommand):
    help = "Raise today's reminders of health assessments due soon or overdue (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = send_health_reminders()
        self.stdout.write(f"Raised {report.done} reminder notification(s).")
        if report.failed:
            self.stderr.write(str(report))
