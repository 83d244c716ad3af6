from django.core.management.base import BaseCommand

from compliance.services.incident_clocks import security_clock_sweep


class Command(BaseCommand):
    help = (
        "Warn of security incidents' breach-notification clocks near their due instant and report the "
        "breached ones (what beat runs every 5 minutes)."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(str(security_clock_sweep()))
