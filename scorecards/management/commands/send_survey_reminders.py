from django.core.management.base import BaseCommand

from scorecards.tasks import remind_survey_non_respondents


class Command(BaseCommand):
    help = "Remind, once, the people who have not answered a staff survey closing soon (what the beat does hourly)."

    def handle(self, *args: object, **options: object) -> None:
        report = remind_survey_non_respondents()
        self.stdout.write(f"Reminded {report.done} person(s).")
        if report.failed:
            self.stderr.write(str(report))
