from django.core.management.base import BaseCommand

from governance.tasks import sla_reviews


class Command(BaseCommand):
    help = "Open the coming SLA annual reviews and remind of those due or overdue (what the beat does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = sla_reviews()
        self.stdout.write(f"SLA reviews: {report.done} opened or reminded of.")
        if report.failed:
            self.stderr.write(str(report))
