import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpis.services.alerts import alerts_refresh
from kpis.services.computations import kpis_compute, kpis_compute_recent


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"--month takes YYYY-MM, not {value!r}.") from error


class Command(BaseCommand):
    help = "Recompute the KPIs taken from tickets and availability and refresh KPI alerts (what beat runs hourly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=_month, help="YYYY-MM; default this month and the last.")

    def handle(self, *args: object, month: datetime.date | None, **options: object) -> None:
        try:
            written = kpis_compute(month=month) if month else kpis_compute_recent()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        changes = alerts_refresh()
        self.stdout.write(
            f"{written} KPI value(s) computed; alerts: {changes.raised} raised, "
            f"{changes.escalated} escalated, {changes.cleared} cleared."
        )
