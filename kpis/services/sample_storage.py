"""Where raw KPI samples live: one PostgreSQL partition per calendar month (UTC), so that what a
query or a write costs does not grow with history, and old months leave as whole tables.

- Partitions are created ahead by the nightly maintenance (``sample_partitions_maintain``), and
  for any month a batch reaches that has none yet (``sample_partitions_ensure``, called by the
  ingest service before it writes). A row no partition covers lands in the default partition
  (only rows written around the ingest service, e.g. by hand in a shell); creating that month's
  partition later moves them in. The partitions themselves are ``core.partitions``'.
- Raw samples are kept for ``KPI_SAMPLE_RETENTION_MONTHS`` whole months in the hospital's zone
  (``raw_samples_kept_since``); roll-ups are kept for ever. The nightly run detaches and drops the
  partitions that ended a week before that (a week, so that the weekly roll-up reaching back
  across the cut is still computed from complete data), never deleting row by row. The ingest
  service refuses samples older than the cut: a roll-up of a period whose raw samples are gone
  would be recomputed from the late sample alone.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from core.months import month_bounds, month_start, previous_months
from core.partitions import MonthlyPartitions, Partition

PARENT = "kpis_kpisample"
# Creating partitions is serialised across processes (two ingests may reach a new month at once).
SAMPLES = MonthlyPartitions(parent=PARENT, column="measured_at", lock_key=0x4B50_4953)  # "KPIS"
DEFAULT_PARTITION = SAMPLES.default
# What the nightly run keeps past the retention cut (see the module's docstring).
WEEK_MARGIN = datetime.timedelta(days=7)
MONTHS_AHEAD = 3


@dataclass(frozen=True)
class MaintenanceResult:
    created: list[str]
    dropped: list[str]
    kept_since: datetime.datetime


def partition_for(month: datetime.date) -> Partition:
    """The partition of the UTC month starting on ``month`` (a first day)."""
    return SAMPLES.partition_for(month)


def sample_partitions() -> list[Partition]:
    """The monthly partitions that exist, oldest first (the default partition is not listed)."""
    return SAMPLES.partitions()


def sample_partitions_ensure(first: datetime.datetime, last: datetime.datetime) -> list[str]:
    """Create the partitions of the UTC months from ``first`` to ``last`` that do not exist yet;
    returns the names created. Costs one catalogue query when they all exist."""
    return SAMPLES.ensure(first, last)


def retention_months() -> int:
    return settings.KPI_SAMPLE_RETENTION_MONTHS


def raw_samples_kept_since(at: datetime.datetime | None = None) -> datetime.datetime:
    """The first instant whose raw samples are kept: the start (hospital's zone) of the month
    ``KPI_SAMPLE_RETENTION_MONTHS`` months before the current one, which is kept whole."""
    this_month = month_start(timezone.localdate(at or timezone.now()))
    oldest_kept = previous_months(this_month, retention_months() + 1)[0]
    return month_bounds(oldest_kept)[0]


def sample_partitions_maintain(at: datetime.datetime | None = None) -> MaintenanceResult:
    """The nightly run: create the partitions of this month and the next ``MONTHS_AHEAD``, then
    detach and drop the partitions that ended before the retention cut (less a week)."""
    now = at or timezone.now()
    created = sample_partitions_ensure(now, now + datetime.timedelta(days=31 * MONTHS_AHEAD))
    kept_since = raw_samples_kept_since(now)
    dropped = SAMPLES.drop_before(kept_since - WEEK_MARGIN)
    return MaintenanceResult(created=created, dropped=dropped, kept_since=kept_since)
