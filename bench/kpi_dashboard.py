"""KPI dashboard benchmarks: the hospital's overview of every vendor, one vendor's dashboard
(default range, 12 and 24 months), the vendor's own copy in the portal and a chart's CSV, with
1,000,000 tickets and 5,000,000 KPI samples (``bench_data --tickets``, ``bench.data.kpis``).

The vendor measured is the one with the most samples. Query counts are taken at full size and
at a small size (10,000 tickets, 100,000 samples): the small data set is made inside a
transaction that empties the ticket and KPI tables (``TRUNCATE``) and is rolled back, so the
kept full-size data is untouched and nothing is regenerated.
"""

import argparse
import datetime
import io
import os
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.tests.two_factor import VerifiedClient
from bench.data import kpis as kpi_data
from bench.data import tickets as ticket_data
from bench.tickets import timed
from core.roles import Role
from kpis.models import KpiRollup
from vendors.models import Vendor

SMALL_TICKETS = 10_000
SMALL_SAMPLES = 100_000
GOAL = "p95 < 200 ms, queries flat"
VENDOR_USER = "bench-kpi-vendor"
CSV_KPI = "retrieval_time"  # a daily KPI: the longest chart of the range


def prepare(args: argparse.Namespace) -> str:
    """Tickets and KPI samples at the full size (kept ones are reused); what was done, in words."""
    started = time.perf_counter()
    call_command("bench_data", vendors=max(args.vendors, len(kpi_data.COMPONENTS)), tickets=args.tickets)
    tickets_seconds = time.perf_counter() - started
    started = time.perf_counter()
    written = kpi_data.kpi_samples_generate(args.kpi_samples)
    samples_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE kpis_kpisample, kpis_kpirollup")
        cursor.execute("ANALYZE")
    print(f"tickets ready in {tickets_seconds:.1f} s, KPI samples ready in {samples_seconds:.1f} s")
    if written:
        return f"{written:,} KPI samples generated with their roll-ups in {samples_seconds:.0f} s"
    return "KPI samples kept from an earlier run"


def heaviest_vendor() -> Vendor:
    """The bench vendor with the most samples (each roll-up of a whole vendor-month counts them all)."""
    vendors = kpi_data.bench_vendors()
    totals = (
        KpiRollup.objects.filter(vendor__in=vendors, component__isnull=True, period="month")
        .values("vendor_id")
        .annotate(samples=Sum("samples"))
        .order_by("-samples", "vendor_id")
    )
    return Vendor.objects.get(pk=totals[0]["vendor_id"])


def vendor_client(vendor: Vendor) -> Client:
    user, _ = User.objects.update_or_create(
        username=VENDOR_USER, defaults={"role": Role.VENDOR_USER, "vendor": vendor, "email": "kpi@vendor.example"}
    )
    client = VerifiedClient()  # hospital admins and vendor users sign in with a second factor
    client.force_login(user)
    return client


def scenarios(vendor: Vendor) -> list[tuple[str, str, str]]:
    """(label, path, which client: "hospital" or "vendor")."""
    today = timezone.localdate()
    month = today.replace(day=1)

    def months_back(count: int) -> datetime.date:
        first = month
        for _ in range(count - 1):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        return first

    page = f"/kpis/dashboard/{vendor.pk}/"
    return [
        ("hospital overview, every vendor (last 365 days)", "/kpis/dashboard/", "hospital"),
        ("vendor dashboard, default range (last 365 days)", page, "hospital"),
        ("vendor dashboard, 12 months", f"{page}?from={months_back(12)}&to={today}", "hospital"),
        ("vendor dashboard, 24 months (all data)", f"{page}?from={months_back(24)}&to={today}", "hospital"),
        ("portal dashboard as the vendor's user", "/portal/kpis/", "vendor"),
        (f"chart CSV export ({CSV_KPI}, daily, 365 points)", f"{page}?export=csv&kpi={CSV_KPI}", "hospital"),
    ]


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)


def query_counts(clients: dict[str, Client], paths: list[tuple[str, str, str]]) -> dict[str, int]:
    from bench.run import count_queries

    counts = {}
    for _, path, who in paths:
        _get(clients[who], path)  # first request: sessions, content types and the like
        counts[path] = count_queries(clients[who], path)
    return counts


def small_query_counts(clients: dict[str, Client], paths: list[tuple[str, str, str]]) -> dict[str, int]:
    """Query counts with 10,000 tickets and 100,000 KPI samples, in a transaction rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE kpis_kpisample, kpis_kpirollup, kpis_kpialert")
            cursor.execute("TRUNCATE tickets_ticket CASCADE")
        call_command("bench_data", tickets=SMALL_TICKETS, stdout=io.StringIO())
        kpi_data.kpi_samples_generate(SMALL_SAMPLES, write=lambda _: None)
        assert ticket_data.bench_ticket_count() == SMALL_TICKETS
        assert kpi_data.bench_sample_count() == SMALL_SAMPLES
        counts = query_counts(clients, paths)
        transaction.set_rollback(True)
    return counts


def rows(hospital: Client, args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    """(measure, figure, goal) rows and the caption that describes the data."""
    done = prepare(args)
    vendor = heaviest_vendor()
    clients = {"hospital": hospital, "vendor": vendor_client(vendor)}
    paths = scenarios(vendor)
    small = small_query_counts(clients, paths)
    full = query_counts(clients, paths)
    requests = min(args.requests, 100)
    load = os.getloadavg()[0]
    result = []
    for label, path, who in paths:
        call: Callable[[], None] = lambda path=path, who=who: _get(clients[who], path)  # noqa: E731
        p50, p95 = timed(call, requests)
        flat = "" if full[path] == small[path] else " NOT FLAT"
        figure = f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {full[path]} queries ({small[path]} at small size){flat}"
        result.append((f"{label}: `{path}`", figure, GOAL))
        print(f"{label:<55} {figure}")
    return result, caption(vendor, done, requests, load)


def caption(vendor: Vendor, done: str, requests: int, load: float) -> str:
    samples = kpi_data.bench_sample_count()
    rollups = KpiRollup.objects.filter(vendor__in=kpi_data.bench_vendors()).count()
    vendor_samples = KpiRollup.objects.filter(vendor=vendor, component__isnull=True, period="month").aggregate(
        n=Sum("samples")
    )["n"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        server = _nice(cursor.fetchone()[0])
        settings = []
        for name in ("shared_buffers", "work_mem", "fsync", "synchronous_commit", "full_page_writes"):
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name}={cursor.fetchone()[0]}")
    nice = os.nice(0)
    niceness = f" (priority: this process at nice {nice}, its database server at {server})" if nice or server else ""
    return (
        f"KPI dashboards: {ticket_data.bench_ticket_count():,} tickets, {samples:,} KPI samples "
        f"({len(kpi_data.COMPONENTS)} vendors, {sum(kpi_data.COMPONENTS)} components, {kpi_data.MONTHS} months, "
        f"probe, vendor, computed and manual sources; {rollups:,} roll-ups), {Vendor.objects.count():,} vendors "
        f"in the overview. Measured vendor: {vendor.name}, {vendor_samples:,} samples. {done}. "
        f"Small size for query counts: {SMALL_TICKETS:,} tickets, {SMALL_SAMPLES:,} samples. "
        f"{requests} requests per scenario, in process through the full Django stack; load average "
        f"{load:.2f} when the timing began{niceness}. PostgreSQL settings: {', '.join(settings)}."
    )


def _nice(pid: int) -> int | None:
    """A local process's nice value (the database server's, when it runs on this machine)."""
    try:
        return os.getpriority(os.PRIO_PROCESS, pid)
    except OSError:
        return None
