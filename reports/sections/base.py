"""What every section module shares: the period it reports on, and how values are frozen into
the snapshot (JSON: exact decimals as strings, instants in the hospital's zone, durations in
minutes), so the PDF can be rendered again from the snapshot alone."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class ReportPeriod:
    """One vendor's calendar month in the hospital's zone, and when the report was built."""

    vendor_id: int
    month: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    now: datetime.datetime

    @property
    def measured_until(self) -> datetime.datetime:
        return min(self.end, self.now)


def decimal_text(value: Decimal | float | int | None, places: int | None = None) -> str | None:
    """A number as exact text (``None`` stays ``None``); ``places`` rounds half-even first."""
    if value is None:
        return None
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    return format(number, "f")


def instant_text(value: datetime.datetime | None) -> str | None:
    """An instant in the hospital's zone with its offset, e.g. ``2026-10-04T03:12:00+02:00``."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def minutes_text(value: datetime.timedelta | None, places: int = 1) -> str | None:
    """A duration in minutes, e.g. ``"92.5"``."""
    if value is None:
        return None
    return decimal_text(Decimal(value.total_seconds()) / 60, places)


def rate_text(part: int, whole: int, places: int = 1) -> str | None:
    """``part`` of ``whole`` in percent, or ``None`` when there is nothing to count."""
    if not whole:
        return None
    return decimal_text(Decimal(part) * 100 / Decimal(whole), places)
