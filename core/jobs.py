"""Periodic jobs over many rows: a row that fails is reported and skipped, the rest go on.

A daily job that stops at its first bad row (a contract whose dates no longer add up, a vendor
whose data breaks a computation) fails for every row after it, every day, until someone reads a
log. Each row's work runs in its own savepoint (``attempt_row``), so a row that raises leaves
nothing half-written and the transaction usable; the failure is logged with its traceback and
returned as a ``RowFailure``. ``for_each_row`` does this over a whole job and sums up what it did
in a ``JobReport``, which the management commands print.
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

Row = TypeVar("Row")
Result = TypeVar("Result")


@dataclass(frozen=True)
class RowFailure:
    """A row whose work raised: which row, and the error in words."""

    row: str
    reason: str

    def __str__(self) -> str:
        return f"{self.row}: {self.reason}"


def attempt_row(work: Callable[[], Result], *, job: str, row: object, savepoint: bool = True) -> Result | RowFailure:
    """``work()`` in a savepoint; if it raises, the failure (logged with its traceback) instead.
    Work that commits its own steps as it goes (a report's progress) runs without one."""
    try:
        with transaction.atomic() if savepoint else nullcontext():
            return work()
    except Exception as error:  # any failure of one row must not stop the rest
        logger.exception("%s: skipped %s after an error; going on with the rest.", job, row)
        return RowFailure(str(row), f"{error.__class__.__name__}: {error}"[:500])


@dataclass
class JobReport:
    """What a job did: the sum its rows' work returned, and a line per row that failed."""

    job: str
    done: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.job}: {self.done} done, {len(self.failed)} row(s) failed."]
        return "\n".join(lines + [f"  {line}" for line in self.failed])


def for_each_row(
    rows: Iterable[Row], work: Callable[[Row], int], *, job: str, label: Callable[[Row], str] = str
) -> JobReport:
    """Run ``work`` on each row (``attempt_row``); a row that raises is listed in the report (as
    ``label`` names it) and skipped. ``work`` returns how much it did (summed into ``done``)."""
    report = JobReport(job=job)
    for row in rows:
        outcome = attempt_row(lambda row=row: work(row), job=job, row=label(row))
        if isinstance(outcome, RowFailure):
            report.failed.append(str(outcome))
        else:
            report.done += outcome
    return report
