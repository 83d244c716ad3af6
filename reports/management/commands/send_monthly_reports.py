"""Generate and email a month's vendor reports now, with a progress bar (what the monthly beat
does; safe to run again: nothing is generated or sent twice)."""

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.months import last_finished_month
from reports.services.generation import MonthNotReportable, reportable_month
from reports.services.runs import monthly_reports_send, reportable_vendors

BAR_WIDTH = 30


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        # The parser's own error: a usage message, not a traceback.
        raise argparse.ArgumentTypeError(f"use YYYY-MM, e.g. 2026-10, not {value!r}") from error


class Command(BaseCommand):
    help = "Generate last month's (or --month's) vendor reports and email them to their recipients once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=_month, help="YYYY-MM; default: last month.")
        parser.add_argument("--vendor", type=int, action="append", dest="vendors", help="Vendor id (repeatable).")

    def _bar(self, index: int, total: int, vendor: str, percent: int, note: str) -> None:
        done = (index + percent / 100) / max(total, 1)
        filled = round(done * BAR_WIDTH)
        line = f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%} {index + 1}/{total} {vendor}: {note}"
        self.stdout.write(line[:120].ljust(120), ending="")
        if not self.stdout.isatty():
            self.stdout.write("")  # one line per step when piped, so logs and readers see each
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        month = options["month"] or last_finished_month()
        try:
            reportable_month(month)
        except MonthNotReportable as error:
            raise CommandError(str(error)) from error
        if options["vendors"]:
            found = {vendor.pk for vendor in reportable_vendors(month, options["vendors"])}
            missing = sorted(set(options["vendors"]) - found)
            if missing:
                ids = ", ".join(map(str, missing))
                raise CommandError(f"No active vendor with an SLA in force in {month:%Y-%m} has the id {ids}.")
        outcome = monthly_reports_send(month=month, vendor_ids=options["vendors"], progress=self._bar)
        self.stdout.write("")
        summary = f"{month:%Y-%m}: {len(outcome.generated)} report(s) generated, {outcome.delivered} email(s) queued"
        if outcome.failed or outcome.busy:
            raise CommandError(
                f"{summary}; {len(outcome.failed)} failed, {len(outcome.busy)} busy elsewhere (see the archive)."
            )
        self.stdout.write(self.style.SUCCESS(summary + "."))
