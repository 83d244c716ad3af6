from django.core.management.base import BaseCommand

from scorecards.tasks import check_plan_kpis


class Command(BaseCommand):
    help = "Check the KPI-tied items of active improvement plans (what the beat schedule does daily)."

    def handle(self, *args: object, **options: object) -> None:
        report = check_plan_kpis()
        self.stdout.write(f"Checked {report.done} plan item(s).")
        if report.failed:
            self.stderr.write(str(report))
