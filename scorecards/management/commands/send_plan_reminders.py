from django.core.management.base import BaseCommand

from scorecards.tasks import remind_plan_items


class Command(BaseCommand):
    help = "Remind of improvement-plan items due within a week or overdue (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = remind_plan_items()
        self.stdout.write(f"Reminded of {report.done} plan item(s).")
        if report.failed:
            self.stderr.write(str(report))
