"""Benchmark KPI samples: ``bench_data --kpi-samples N`` (after ``--vendors``).

The first ten bench vendors get 53 components between them (12 for the first, down to 2 for
the last, so one vendor clearly has the most data) and 24 months of samples of the whole
catalogue, from every source:

- probe, per component: probe success, echo and query latency and image retrieval time at one
  cadence (derived from N: about every 45 minutes at 5,000,000 samples), busy hours slower, rare
  spikes; degraded minutes and storage used (archive and VNA) daily; study volume daily;
- vendor: ingest latency at the probes' cadence, failed transfers daily, prior availability and
  its own uptime figure monthly;
- computed: the hourly computation's monthly values (uptime, tickets, MTTR, MTBF, storage
  headroom, ...);
- manual: the radiology department's weekly report turnaround.

The components (``Bench KPI 01 archive`` ...) count towards ``--components``' total.

The first vendor's retrieval time creeps up over the last six weeks past its target, and it
reports 99.99 % uptime whatever we compute: some KPIs are red, some reports differ.

Samples are made in SQL (``INSERT ... SELECT`` over ``generate_series``: no row crosses the
wire) and each vendor's roll-ups are then recomputed by the product's own refresh
(``rollups_refresh_series``) over the whole span. Vendor by vendor, each in its own transaction
when called outside ``bench_data`` (``kpi_samples_generate``): a vendor that already has its
planned number of samples is kept, any other is replaced, so a kept data set costs nothing and an
interrupted one resumes. The plan depends on N and on the day it was generated (the span ends
then); a kept data set keeps its own span.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from kpis.models import Kpi, KpiRollup, KpiSample, Source
from kpis.services.rollups import Series, rollups_refresh_series
from kpis.services.sample_storage import sample_partitions_ensure
from vendors.models import Component, Vendor

VENDOR_PREFIX = "Bench vendor"  # bench.data.vendors' vendors: the same ones the bench tickets belong to
COMPONENT_PREFIX = "Bench KPI"
COMPONENTS = (12, 8, 6, 6, 5, 4, 4, 3, 3, 2)  # per vendor, first (most data) to last
COMPONENT_KINDS = ("archive", "vna", "viewer", "worklist", "ris_hl7", "ai")
STORAGE_KINDS = ("archive", "vna")
MONTHS = 24  # this month and the 23 before it
PROBE_KPIS = ("probe_success", "echo_latency", "query_latency", "retrieval_time")
COMPUTED_KPIS = (
    "uptime",
    "outages",
    "mttr",
    "mtbf",
    "response_within_sla",
    "resolution_within_sla",
    "median_response",
    "reopen_rate",
    "satisfaction",
    "ticket_volume",
    "maintenance_compliance",
    "storage_headroom",
)
DRIFT_DAYS = 42
# Decimal places a KPI's values are reported with (2 unless named): counts are whole numbers.
PLACES = {
    "study_volume": 0,
    "ticket_volume": 0,
    "storage_used": 1,
    "echo_latency": 1,
    "query_latency": 1,
    "retrieval_time": 3,
}

# How a series' values are made (``shape`` in the SQL below), with ``base``, ``spread`` and
# ``growth`` as each shape reads them.
TIMING = 1  # base * lognormal(spread), 25 % slower 07-19 local, 0.3 % spikes, drifting near the end
SUCCESS = 2  # 1 with probability base, else 0
GROWING = 3  # base + growth per step, normal noise of spread
SPARSE = 4  # 0, or 1..base with probability spread
UNIFORM = 5  # base + spread * uniform(0, 1)

INSERT = """
INSERT INTO kpis_kpisample (created_at, updated_at, kpi_id, vendor_id, component_id, measured_at, value, source,
                            reported_by_id, reporter)
SELECT now(), now(), s.kpi_id, s.vendor_id, s.component_id, v.at,
       round(CASE s.shape
           WHEN 1 THEN s.base * exp(s.spread * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
                * CASE WHEN extract(hour FROM v.at AT TIME ZONE %(zone)s) BETWEEN 7 AND 18 THEN 1.25 ELSE 1 END
                * CASE WHEN random() < 0.003 THEN 2.5 + 3.5 * random() ELSE 1 END
                * (1 + (s.drift - 1) * greatest(0, extract(epoch FROM v.at - %(drift_from)s) / %(drift_seconds)s))
           WHEN 2 THEN CASE WHEN random() < s.base THEN 1 ELSE 0 END
           WHEN 3 THEN s.base + s.growth * g + s.spread * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
           WHEN 4 THEN CASE WHEN random() < s.spread THEN floor(1 + random() * s.base) ELSE 0 END
           ELSE s.base + s.spread * random()
       END::numeric, s.places),
       s.source, NULL, s.reporter
FROM unnest(%(kpis)s::bigint[], %(vendors)s::bigint[], %(components)s::bigint[], %(sources)s::text[],
            %(reporters)s::text[], %(firsts)s::timestamptz[], %(steps)s::interval[], %(shifts)s::interval[],
            %(counts)s::int[], %(shapes)s::int[], %(bases)s::float8[], %(spreads)s::float8[],
            %(growths)s::float8[], %(drifts)s::float8[], %(places)s::int[])
     AS s(kpi_id, vendor_id, component_id, source, reporter, first, step, shift, n, shape, base, spread, growth, drift,
          places)
CROSS JOIN LATERAL generate_series(0, s.n - 1) AS g
CROSS JOIN LATERAL (SELECT least(s.first + s.step * g + s.shift, %(latest)s) AS at) AS v
"""


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--kpi-samples", type=int, default=0, help="KPI samples (with roll-ups) of the first ten bench vendors."
    )


def generate(options: dict[str, Any], write: Callable[[str], None]) -> None:
    if options["kpi_samples"]:
        kpi_samples_generate(options["kpi_samples"], write)


@dataclass
class SeriesPlan:
    """One series of samples: ``count`` instants ``step`` apart from ``first`` (then moved by
    ``shift``; never later than the plan's ``latest``), values made as ``shape`` says."""

    kpi: str
    source: str
    reporter: str
    first: datetime.datetime
    step: datetime.timedelta | str  # a timedelta, or "1 month"
    count: int
    shape: int
    base: float
    spread: float = 0.0
    growth: float = 0.0
    drift: float = 1.0  # a timing's factor at the end, reached over the last DRIFT_DAYS
    component_id: int | None = None
    shift: datetime.timedelta = datetime.timedelta(0)  # -1 s turns month starts into month ends


@dataclass(frozen=True)
class Plan:
    start: datetime.datetime  # local midnight of the first day of the first month
    latest: datetime.datetime  # no sample after this instant
    frequent: int  # samples of each frequent series (probe timings and success, vendor ingest latency)

    @property
    def frequent_step(self) -> datetime.timedelta:
        return (self.latest - self.start) / max(self.frequent, 1)


def bench_vendors() -> list[Vendor]:
    vendors = list(Vendor.objects.filter(name__startswith=VENDOR_PREFIX).order_by("pk")[: len(COMPONENTS)])
    if len(vendors) < len(COMPONENTS):
        raise ValueError(f"Generate at least {len(COMPONENTS)} bench vendors first (--vendors).")
    return vendors


def components(vendors: list[Vendor]) -> dict[int, list[Component]]:
    """Each bench vendor's KPI components (created on first use)."""
    found: dict[int, list[Component]] = {}
    for vendor, wanted in zip(vendors, COMPONENTS, strict=True):
        have = list(
            Component.objects.filter(vendor=vendor, name__startswith=COMPONENT_PREFIX).order_by("name")[:wanted]
        )
        for number in range(len(have), wanted):
            kind = COMPONENT_KINDS[number % len(COMPONENT_KINDS)]
            have.append(
                Component.objects.create(
                    vendor=vendor, name=f"{COMPONENT_PREFIX} {number + 1:02d} {kind}", kind=kind, site="Main campus"
                )
            )
        found[vendor.pk] = have
    return found


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _days(first: datetime.datetime, latest: datetime.datetime, every: int) -> int:
    """How many local days ``every`` days apart from ``first`` (same wall-clock time) are not after ``latest``."""
    local = timezone.localtime(first)
    day, count = local.date(), 0
    while _local(day, local.time()) <= latest:
        count += 1
        day += datetime.timedelta(days=every)
    return count


def _component_series(
    number: int, component: Component, index: int, often: dict, daily: dict, frequent: list[int]
) -> list[SeriesPlan]:
    """What our probes measure on one component of vendor ``index`` (the first is the heavy one,
    whose retrieval slows down over the months)."""
    slower = 1 + 0.15 * number
    measured = {"source": Source.PROBE, "reporter": "Bench DICOM probe", "component_id": component.pk}
    series = [
        SeriesPlan("probe_success", **measured, **often, count=frequent.pop(), shape=SUCCESS, base=0.9995),
        SeriesPlan(
            "echo_latency", **measured, **often, count=frequent.pop(), shape=TIMING, base=18 * slower, spread=0.25
        ),
        SeriesPlan(
            "query_latency", **measured, **often, count=frequent.pop(), shape=TIMING, base=240 * slower, spread=0.3
        ),
        SeriesPlan(
            "retrieval_time",
            **measured,
            **often,
            count=frequent.pop(),
            shape=TIMING,
            base=1.4 + 0.1 * number,
            spread=0.2,
            drift=2.0 if index == 0 and number < 3 else 1.0,
        ),
        SeriesPlan("degraded_minutes", **measured, **daily, shape=SPARSE, base=90, spread=0.02),
    ]
    if component.kind in STORAGE_KINDS:
        series.append(
            SeriesPlan(
                "storage_used",
                **measured,
                **daily,
                shape=GROWING,
                base=40_000 + 9_000 * index,
                spread=25,
                growth=35 + 4 * number,
            )
        )
    return series


# The computed KPIs' monthly values: (shape, base, spread).
COMPUTED_SHAPES = {
    "uptime": (UNIFORM, 99.2, 0.79),
    "outages": (SPARSE, 3, 0.4),
    "mttr": (UNIFORM, 20, 280),
    "mtbf": (UNIFORM, 5, 40),
    "response_within_sla": (UNIFORM, 88, 12),
    "resolution_within_sla": (UNIFORM, 85, 15),
    "median_response": (UNIFORM, 10, 60),
    "reopen_rate": (UNIFORM, 0, 8),
    "satisfaction": (UNIFORM, 3.6, 1.3),
    "ticket_volume": (UNIFORM, 50, 100),
    "maintenance_compliance": (UNIFORM, 90, 10),
    "storage_headroom": (UNIFORM, 4, 26),
}


def _vendor_series(
    index: int, vendor: Vendor, parts: list[Component], plan: Plan, frequent: list[int]
) -> list[SeriesPlan]:
    """Every series of one vendor (the first, ``index`` 0, is the heavy one). ``frequent`` hands
    out the sample counts of the frequent series, last first."""
    first_day = timezone.localtime(plan.start).date()
    day_end = _local(first_day, datetime.time(23, 50))
    days = _days(day_end, plan.latest, 1)
    monday = _local(first_day + datetime.timedelta(days=(7 - first_day.weekday()) % 7), datetime.time(9))
    weeks = _days(monday, plan.latest, 7)
    second_month = _local((first_day + datetime.timedelta(days=32)).replace(day=1), datetime.time(0))
    month_end = {"first": second_month, "step": "1 month", "count": MONTHS, "shift": -datetime.timedelta(seconds=1)}
    daily = {"first": day_end, "step": datetime.timedelta(days=1), "count": days}
    often = {"first": plan.start + datetime.timedelta(minutes=7), "step": plan.frequent_step}
    heavy = index == 0
    series: list[SeriesPlan] = []
    for number, component in enumerate(parts):
        series += _component_series(number, component, index, often, daily, frequent)
    probe = {"source": Source.PROBE, "reporter": "Bench DICOM probe"}
    series.append(
        SeriesPlan(
            "study_volume", **probe, **daily, shape=GROWING, base=1_000_000 + 200_000 * index, spread=150, growth=700
        )
    )
    reported = {"source": Source.VENDOR, "reporter": f"{vendor.name} monitoring"}
    series += [
        SeriesPlan("ingest_latency", **reported, **often, count=frequent.pop(), shape=TIMING, base=2.2, spread=0.3),
        SeriesPlan("failed_transfers", **reported, **daily, shape=SPARSE, base=4, spread=0.1),
        SeriesPlan("prior_availability", **reported, **month_end, shape=UNIFORM, base=97.4, spread=2.4),
        # The heavy vendor claims 99.99 % whatever we compute.
        SeriesPlan(
            "uptime", **reported, **month_end, shape=UNIFORM, base=99.99 if heavy else 99.5, spread=0 if heavy else 0.49
        ),
    ]
    for code in COMPUTED_KPIS:
        shape, base, spread = COMPUTED_SHAPES[code]
        series.append(
            SeriesPlan(code, Source.COMPUTED, "hourly computation", **month_end, shape=shape, base=base, spread=spread)
        )
    series.append(
        SeriesPlan(
            "report_turnaround",
            Source.MANUAL,
            "Bench radiology weekly report",
            monday,
            datetime.timedelta(days=7),
            weeks,
            UNIFORM,
            5 + 0.4 * index,
            4,
        )
    )
    return series


def make_plan(
    wanted: int,
    vendors: list[Vendor],
    parts: dict[int, list[Component]],
    now: datetime.datetime,
    *,
    latest: datetime.datetime | None = None,
) -> tuple[Plan, dict[int, list[SeriesPlan]]]:
    """Every vendor's series over the MONTHS up to ``now``, ``wanted`` samples in all; the last
    instant is ``latest`` (default: the hour before ``now``'s)."""
    first_month = timezone.localtime(now).date().replace(day=1)
    for _ in range(MONTHS - 1):
        first_month = (first_month - datetime.timedelta(days=1)).replace(day=1)
    start = _local(first_month, datetime.time(0))
    latest = latest or now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
    frequent_series = sum(len(PROBE_KPIS) * len(parts[vendor.pk]) + 1 for vendor in vendors)
    # Everything but the frequent series first, to size those.
    fixed = sum(
        entry.count
        for index, vendor in enumerate(vendors)
        for entry in _vendor_series(index, vendor, parts[vendor.pk], Plan(start, latest, 0), [0] * frequent_series)
    )
    if wanted < fixed + frequent_series:
        raise ValueError(f"Ask for at least {fixed + frequent_series:,} KPI samples.")
    frequent, extra = divmod(wanted - fixed, frequent_series)
    plan = Plan(start, latest, frequent)
    # One more sample for the first ``extra`` frequent series, so the total is exactly ``wanted``;
    # reversed, as they are handed out from the end.
    counts = [frequent + 1 if number < extra else frequent for number in range(frequent_series)][::-1]
    series = {
        vendor.pk: _vendor_series(index, vendor, parts[vendor.pk], plan, counts) for index, vendor in enumerate(vendors)
    }
    return plan, series


def _insert(vendor: Vendor, plan: Plan, series: list[SeriesPlan], kpi_ids: dict[str, int]) -> None:
    def column(name: str) -> list[object]:
        return [getattr(entry, name) for entry in series]

    drift_from = plan.latest - datetime.timedelta(days=DRIFT_DAYS)
    with connection.cursor() as cursor:
        # Calendar steps (a day, a month) keep their local wall-clock time across DST changes.
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [settings.TIME_ZONE])
        cursor.execute(
            INSERT,
            {
                "zone": settings.TIME_ZONE,
                "drift_from": drift_from,
                "drift_seconds": DRIFT_DAYS * 86400,
                "latest": plan.latest,
                "kpis": [kpi_ids[code] for code in column("kpi")],
                "vendors": [vendor.pk] * len(series),
                "components": column("component_id"),
                "sources": [str(source) for source in column("source")],
                "reporters": column("reporter"),
                "firsts": column("first"),
                "steps": column("step"),
                "shifts": column("shift"),
                "counts": column("count"),
                "shapes": column("shape"),
                "bases": column("base"),
                "spreads": column("spread"),
                "growths": column("growth"),
                "drifts": column("drift"),
                "places": [PLACES.get(code, 2) for code in column("kpi")],
            },
        )
        cursor.execute("SELECT set_config('TimeZone', 'UTC', true)")


def _clear(vendor_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KpiRollup._meta.db_table} WHERE vendor_id = %s", [vendor_id])  # noqa: S608
        cursor.execute(f"DELETE FROM {KpiSample._meta.db_table} WHERE vendor_id = %s", [vendor_id])  # noqa: S608


def kpi_samples_generate(wanted: int, write: Callable[[str], None] = print) -> int:
    """Make the bench vendors' KPI samples ``wanted`` in all, with their roll-ups; vendors that
    already have their share are kept. Returns the samples written."""
    vendors = bench_vendors()
    parts = components(vendors)
    kpi_ids = dict(Kpi.objects.values_list("code", "pk"))
    have = _counts([vendor.pk for vendor in vendors])
    plan, series = make_plan(wanted, vendors, parts, timezone.now())
    kept = _newest([vendor.pk for vendor in vendors])
    if kept is not None:
        # Resuming: the plan of the kept vendors' span (their newest sample is its last instant).
        old_plan, old_series = make_plan(wanted, vendors, parts, kept, latest=kept)
        if any(have.get(pk, 0) == _planned(entries) for pk, entries in old_series.items()):
            plan, series = old_plan, old_series
    written = 0
    for vendor in vendors:
        planned = _planned(series[vendor.pk])
        if have.get(vendor.pk, 0) == planned:
            continue
        started = time.perf_counter()
        sample_partitions_ensure(plan.start, plan.latest)  # written around the ingest service
        with transaction.atomic():
            _clear(vendor.pk)
            _insert(vendor, plan, series[vendor.pk], kpi_ids)
            keys = {(kpi_ids[entry.kpi], vendor.pk, str(entry.source)) for entry in series[vendor.pk]}
            rollups = rollups_refresh_series(Series(keys, plan.start, plan.latest))
        written += planned
        write(
            f"kpi samples: {vendor.name}: {planned:,} samples, {rollups:,} roll-ups "
            f"in {time.perf_counter() - started:.1f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {KpiSample._meta.db_table}, {KpiRollup._meta.db_table}")
    write(f"kpi samples: {bench_sample_count():,} bench KPI samples")
    return written


def _planned(series: list[SeriesPlan]) -> int:
    return sum(entry.count for entry in series)


def _counts(vendor_ids: list[int]) -> dict[int, int]:
    rows = KpiSample.objects.filter(vendor_id__in=vendor_ids).values_list("vendor_id").annotate(n=Count("pk"))
    return dict(rows.order_by())


def _newest(vendor_ids: list[int]) -> datetime.datetime | None:
    return KpiSample.objects.filter(vendor_id__in=vendor_ids).aggregate(newest=Max("measured_at"))["newest"]


def bench_sample_count() -> int:
    """KPI samples of the bench vendors."""
    return sum(_counts([vendor.pk for vendor in bench_vendors()]).values())
