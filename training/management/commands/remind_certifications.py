from django.core.management.base import BaseCommand

from training.services.certification_reminders import certification_expiry_reminders


class Command(BaseCommand):
    help = (
        "Remind hospital admins and the holders of staff certifications near their last valid day "
        "(what beat runs daily)."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(str(certification_expiry_reminders()))
