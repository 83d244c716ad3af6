"""Where raw KPI samples live: one PostgreSQL partition per calendar month (UTC), so that what a
query or a write costs does not grow with history, and old months leave as whole tables.

- Partitions are created ahead by the nightly maintenance (``sample_partitions_maintain``), and
  for any month a batch reaches that has none yet (``sample_partitions_ensure``, called by the
  ingest service before it writes). A row no partition covers lands in the default partition
  (only rows written around the ingest service, e.g. by hand in a shell); creating that month's
  partition later moves them in.
- Raw samples are kept for ``KPI_SAMPLE_RETENTION_MONTHS`` whole months in the hospital's zone
  (``raw_samples_kept_since``); roll-ups are kept for ever. The nightly run detaches and drops the
  partitions that ended a week before that (a week, so that the weekly roll-up reaching back
  across the cut is still computed from complete data), never deleting row by row. The ingest
  service refuses samples older than the cut: a roll-up of a period whose raw samples are gone
  would be recomputed from the late sample alone.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.months import month_bounds, month_start, previous_months

PARENT = "kpis_kpisample"
DEFAULT_PARTITION = f"{PARENT}_default"
PARTITION_NAME = re.compile(rf"^{PARENT}_p(\d{{4}})_(\d{{2}})$")
# Creating partitions is serialised across processes (two ingests may reach a new month at once).
LOCK_KEY = 0x4B50_4953  # "KPIS"
# What the nightly run keeps past the retention cut (see the module's docstring).
WEEK_MARGIN = datetime.timedelta(days=7)
MONTHS_AHEAD = 3


@dataclass(frozen=True)
class Partition:
    name: str
    month: datetime.date  # the first day of the UTC month it holds
    start: datetime.datetime
    end: datetime.datetime


@dataclass(frozen=True)
class MaintenanceResult:
    created: list[str]
    dropped: list[str]
    kept_since: datetime.datetime


def partition_for(month: datetime.date) -> Partition:
    """The partition of the UTC month starting on ``month`` (a first day)."""
    start = datetime.datetime.combine(month, datetime.time(0), tzinfo=datetime.UTC)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    end = datetime.datetime.combine(following, datetime.time(0), tzinfo=datetime.UTC)
    return Partition(f"{PARENT}_p{month:%Y_%m}", month, start, end)


def _utc_months(first: datetime.datetime, last: datetime.datetime) -> list[datetime.date]:
    month, final = first.astimezone(datetime.UTC).date().replace(day=1), last.astimezone(datetime.UTC).date()
    months = []
    while month <= final:
        months.append(month)
        month = partition_for(month).end.date()
    return months


def sample_partitions() -> list[Partition]:
    """The monthly partitions that exist, oldest first (the default partition is not listed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [PARENT],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        found = PARTITION_NAME.match(name)
        if found:
            months.append(datetime.date(int(found[1]), int(found[2]), 1))
    return [partition_for(month) for month in sorted(months)]


def _create(cursor: object, partition: Partition) -> None:
    bounds = [partition.start, partition.end]
    in_range = "measured_at >= %s AND measured_at < %s"
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DEFAULT_PARTITION} WHERE {in_range})", bounds)  # noqa: S608
    stray = cursor.fetchone()[0]
    if stray:  # PostgreSQL refuses a partition whose rows sit in the default one: move them
        cursor.execute(f"ALTER TABLE {PARENT} DETACH PARTITION {DEFAULT_PARTITION}")
    cursor.execute(
        f"CREATE TABLE {partition.name} PARTITION OF {PARENT} FOR VALUES FROM (%s) TO (%s)",
        bounds,
    )
    if stray:
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE {in_range} RETURNING *) "  # noqa: S608
            f"INSERT INTO {PARENT} SELECT * FROM moved",
            bounds,
        )
        cursor.execute(f"ALTER TABLE {PARENT} ATTACH PARTITION {DEFAULT_PARTITION} DEFAULT")


def sample_partitions_ensure(first: datetime.datetime, last: datetime.datetime) -> list[str]:
    """Create the partitions of the UTC months from ``first`` to ``last`` that do not exist yet;
    returns the names created. Costs one catalogue query when they all exist."""
    wanted = _utc_months(first, last)
    if {partition.month for partition in sample_partitions()} >= set(wanted):
        return []
    created = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        existing = {partition.month for partition in sample_partitions()}
        for month in wanted:
            if month not in existing:
                partition = partition_for(month)
                _create(cursor, partition)
                created.append(partition.name)
    return created


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
    drop_before = kept_since - WEEK_MARGIN
    dropped = []
    for partition in sample_partitions():
        if partition.end > drop_before:
            break
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            cursor.execute(f"ALTER TABLE {PARENT} DETACH PARTITION {partition.name}")
            cursor.execute(f"DROP TABLE {partition.name}")
        dropped.append(partition.name)
    with connection.cursor() as cursor:  # stray rows written around the ingest service
        cursor.execute(f"DELETE FROM {DEFAULT_PARTITION} WHERE measured_at < %s", [drop_before])  # noqa: S608
    return MaintenanceResult(created=created, dropped=dropped, kept_since=kept_since)
