from django.core.management.base import BaseCommand

from compliance.services.remote_access_log_storage import (
    access_log_maintain,
    access_log_partitions,
    access_log_retention_months,
)


class Command(BaseCommand):
    help = (
        "Create the coming months' vendor access-log partitions and drop those past "
        "ACCESS_LOG_RETENTION_MONTHS (what beat runs nightly)."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = access_log_maintain()
        partitions = access_log_partitions()
        self.stdout.write(
            f"{len(result.created)} partition(s) created, {len(result.dropped)} dropped; entries kept since "
            f"{result.kept_since:%Y-%m-%d %H:%M %Z} ({access_log_retention_months()} months); "
            f"{len(partitions)} monthly partitions, {partitions[0].month:%Y-%m} to {partitions[-1].month:%Y-%m}."
        )
