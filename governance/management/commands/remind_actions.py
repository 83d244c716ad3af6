from django.core.management.base import BaseCommand

from governance.tasks import remind_actions


class Command(BaseCommand):
    help = "Remind the owners of actions due soon or overdue, of every source (what the beat does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = remind_actions()
        self.stdout.write(f"Sent {report.done} action reminder(s).")
        if report.failed:
            self.stderr.write(str(report))
