from django.core.management.base import BaseCommand

from compliance.services.finding_reminders import unowned_finding_reminders


class Command(BaseCommand):
    help = (
        "Remind hospital admins of unresolved security findings without a remediation owner, once when found "
        "and once when past due (what beat runs daily)."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(str(unowned_finding_reminders()))
