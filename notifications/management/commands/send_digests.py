from django.core.management.base import BaseCommand

from notifications.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Send today's daily notification digests (what the beat schedule does at NOTIFICATIONS_DIGEST_TIME); "
        "each user gets at most one a day, however often this runs."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = send_digests()
        self.stdout.write(f"Sent {report.done} digest(s).")
        if report.failed:
            self.stderr.write(str(report))
