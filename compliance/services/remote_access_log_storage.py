"""Where the vendor access log lives: one PostgreSQL partition per calendar month (UTC,
``core.partitions``), so that a month's entries are one table, what the log page's queries cost
does not grow with the years kept, and old months leave whole.

- The nightly run (``access_log_maintain``: beat, and the command of the same name) creates the
  partitions of this month and the next ``MONTHS_AHEAD``; the request log never asks (it is one
  INSERT), so a month without a partition (the run stopped for months, the gateway pushing an
  old entry) lands in the default partition and moves in when its partition is created.
- Entries are kept for ``ACCESS_LOG_RETENTION_MONTHS`` whole months in the hospital's zone
  before the current one (``access_log_kept_since``); the nightly run drops the partitions that
  ended before that, whole. Append-only still holds: the trigger refusing UPDATE and DELETE is on
  every partition (``compliance/migrations/0008``); dropping a month past retention is the one
  way rows leave.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from compliance.models import AccessLogEntry
from core.months import month_bounds, month_start, previous_months
from core.partitions import MonthlyPartitions, Partition

ACCESS_LOG = MonthlyPartitions(parent=AccessLogEntry._meta.db_table, column="at", lock_key=0x4143_4C47)  # "ACLG"
MONTHS_AHEAD = 3


@dataclass(frozen=True)
class LogMaintenance:
    created: list[str]
    dropped: list[str]
    kept_since: datetime.datetime


def access_log_retention_months() -> int:
    return settings.ACCESS_LOG_RETENTION_MONTHS


def access_log_kept_since(at: datetime.datetime | None = None) -> datetime.datetime:
    """The first instant whose entries are kept: the start (hospital's zone) of the month
    ``ACCESS_LOG_RETENTION_MONTHS`` months before the current one, which is kept whole."""
    this_month = month_start(timezone.localdate(at or timezone.now()))
    oldest_kept = previous_months(this_month, access_log_retention_months() + 1)[0]
    return month_bounds(oldest_kept)[0]


def access_log_partitions() -> list[Partition]:
    return ACCESS_LOG.partitions()


def access_log_partitions_ensure(first: datetime.datetime, last: datetime.datetime) -> list[str]:
    """The partitions of the UTC months from ``first`` to ``last``, created where missing."""
    return ACCESS_LOG.ensure(first, last)


def access_log_maintain(at: datetime.datetime | None = None) -> LogMaintenance:
    """The nightly run: this month's and the next ``MONTHS_AHEAD`` months' partitions created,
    the months that ended before the retention cut dropped whole."""
    now = at or timezone.now()
    created = ACCESS_LOG.ensure(now, now + datetime.timedelta(days=31 * MONTHS_AHEAD))
    kept_since = access_log_kept_since(now)
    dropped = ACCESS_LOG.drop_before(kept_since)
    return LogMaintenance(created=created, dropped=dropped, kept_since=kept_since)
