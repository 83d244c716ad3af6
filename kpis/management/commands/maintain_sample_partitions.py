from django.core.management.base import BaseCommand

from kpis.services.sample_storage import retention_months, sample_partitions, sample_partitions_maintain


class Command(BaseCommand):
    help = (
        "Create the coming months' KPI sample partitions and drop those past KPI_SAMPLE_RETENTION_MONTHS "
        "(what beat runs nightly)."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = sample_partitions_maintain()
        partitions = sample_partitions()
        self.stdout.write(
            f"{len(result.created)} partition(s) created, {len(result.dropped)} dropped; raw samples kept since "
            f"{result.kept_since:%Y-%m-%d %H:%M %Z} ({retention_months()} months); "
            f"{len(partitions)} monthly partitions, {partitions[0].month:%Y-%m} to {partitions[-1].month:%Y-%m}."
        )
