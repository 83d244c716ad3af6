from django.core.management.base import BaseCommand

from scorecards.tasks import propose_chronic_failure_plans


class Command(BaseCommand):
    help = "Propose draft improvement plans for last month's chronic SLA failures (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = propose_chronic_failure_plans()
        self.stdout.write(f"Proposed {report.done} draft plan(s).")
        if report.failed:
            self.stderr.write(str(report))
