from django.core.management.base import BaseCommand

from governance.tasks import schedule_meetings


class Command(BaseCommand):
    help = "Create the meetings of every active series up to the horizon and invite to them (what the beat does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = schedule_meetings()
        self.stdout.write(f"Created {report.done} meeting(s).")
        if report.failed:
            self.stderr.write(str(report))
