"""KPI sample storage at a hospital's volume: ``--only kpi-storage --kpi-samples N``.

The bench vendors' 24 months of samples (``bench.data.kpis``, kept between runs) sit in monthly
partitions. Measured at that size: how long generating them took (SQL ``INSERT ... SELECT``, no
row crosses the wire), the API ingest of a monitoring system's pushes into last month, and the
nightly maintenance (the coming months made, the months past the 13-month retention detached
and dropped). The maintenance runs in a transaction that is rolled back, so the kept data set
survives for the next run: PostgreSQL's DDL is transactional, and what a commit adds (unlinking
the dropped partitions' files) is not in the figure. Dashboard and overview latency at the same
size: ``--only kpi-dashboard --kpi-samples N``.
"""

import argparse
import time

from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from bench import kpis as kpi_bench
from bench.data import kpis as kpi_data
from kpis.services.sample_storage import sample_partitions, sample_partitions_maintain

MAINTENANCE_GOAL = "< 5 s"
INGEST_GOAL = ">= 50,000 /s"


class _RolledBack(Exception):
    pass


def maintenance_seconds() -> tuple[float, int, int]:
    """Seconds of one nightly run, the partitions it would drop and create (rolled back)."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = sample_partitions_maintain()
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    return elapsed, len(result.dropped), len(result.created)


def table_size() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits "
            "WHERE inhparent = 'kpis_kpisample'::regclass"
        )
        return cursor.fetchone()[0]


def rows(args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    call_command("bench_data", vendors=max(args.vendors, len(kpi_data.COMPONENTS)))
    started = time.perf_counter()
    written = kpi_data.kpi_samples_generate(args.kpi_samples)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE kpis_kpisample, kpis_kpirollup")
    stored = kpi_data.bench_sample_count()
    partitions = sample_partitions()
    seconds, dropped, created = maintenance_seconds()
    rate, durations, _ = kpi_bench.ingest_rate(User.objects.get(username="bench-admin"))
    each = ", ".join(f"{ms:,.0f}" for ms in durations)
    made = (
        f"{written:,} samples generated with their roll-ups in {generated:,.0f} s"
        if written
        else "samples kept from an earlier run"
    )
    caption = (
        f"KPI sample storage: {stored:,} bench samples over 24 months in {len(partitions)} monthly partitions "
        f"({table_size()} with indexes); {made}."
    )
    table = [
        (
            "nightly partition maintenance (13-month retention)",
            f"{seconds * 1000:,.0f} ms ({dropped} partitions detached and dropped, {created} made)",
            MAINTENANCE_GOAL,
        ),
        (
            f"sample ingest through the API, 5 x 20,000 samples into last month ({stored:,} stored)",
            f"{rate:,.0f} samples/s (ms per request: {each})",
            INGEST_GOAL,
        ),
    ]
    for measure, figure, goal in table:
        print(f"{measure:<70} {figure:<50} goal {goal}")
    return table, caption
