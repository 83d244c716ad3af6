import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.months import last_finished_month
from slas.services.credits import statement_compute, statements_compute_month


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"--month takes YYYY-MM, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Compute service-credit statements for a finished month (what beat runs on the 1st). "
        "Unclaimed statements are replaced; claimed ones are kept as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=_month, help="YYYY-MM; default the last finished month.")
        parser.add_argument("--vendor", type=int, help="One vendor's id; default every vendor with an SLA.")

    def handle(self, *args: object, month: datetime.date | None, vendor: int | None, **options: object) -> None:
        month = month or last_finished_month()
        try:
            if vendor is not None:
                outcomes = [statement_compute(vendor_id=vendor, month=month)]
            else:
                outcomes = statements_compute_month(month=month)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for outcome in outcomes:
            statement = outcome.statement
            figures = (
                f"uptime {statement.uptime_percent} %, credit {statement.credit_amount} {statement.currency}"
                if statement is not None
                else ""
            )
            detail = "; ".join(part for part in (figures, outcome.reason) if part)
            self.stdout.write(
                f"{month:%Y-%m} vendor {outcome.vendor_id}: {outcome.result}" + (f" ({detail})" if detail else "")
            )
        if not outcomes:
            self.stdout.write(f"No vendor had an SLA in force in {month:%Y-%m}.")
