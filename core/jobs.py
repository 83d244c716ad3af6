"""Periodic jobs over many rows: a row that fails is reported and skipped, the rest go on.

A daily job that stops at its first bad row (a contract whose dates no longer add up, a vendor
whose data breaks a computation) fails for every row after it, every day, until someone reads a
log. ``for_each_row`` runs the work of each row in its own savepoint, so a row that raises
leaves nothing half-written and the transaction usable; it logs the failure with its traceback
and lists it in the ``JobReport`` the job returns (the management commands print it).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

Row = TypeVar("Row")


@dataclass
class JobReport:
    """What a job did: the sum its rows' work returned, and a line per row that failed."""

    job: str
    done: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.job}: {self.done} done, {len(self.failed)} row(s) failed."]
        return "\n".join(lines + [f"  {line}" for line in self.failed])


def for_each_row(rows: Iterable[Row], work: Callable[[Row], int], *, job: str) -> JobReport:
    """Run ``work`` on each row, each in a savepoint; a row that raises is logged, listed in the
    report and skipped. ``work`` returns how much it did (summed into ``done``)."""
    report = JobReport(job=job)
    for row in rows:
        try:
            with transaction.atomic():
                report.done += work(row)
        except Exception as error:  # any failure of one row must not stop the rest
            logger.exception("%s: skipped %s after an error; going on with the rest.", job, row)
            report.failed.append(f"{row}: {error.__class__.__name__}: {error}"[:500])
    return report
