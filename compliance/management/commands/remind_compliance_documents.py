from django.core.management.base import BaseCommand

from compliance.services.document_reminders import document_expiry_reminders


class Command(BaseCommand):
    help = (
        "Remind hospital admins and the vendor of accepted compliance documents near their valid-until date "
        "(what beat runs daily)."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(str(document_expiry_reminders()))
