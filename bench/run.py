"""Benchmarks: latency and query counts of pages and API routes at a given data size.

Run by ``make bench`` against a private PostgreSQL. Requests go through Django's full stack
in process (middleware, sessions, templates, serializers); the client's own overhead is small
and the same for every route. Results print as a table and are appended to bench/RESULTS.md.

    python bench/run.py [--vendors 1000 --contacts 50000] [--requests 200] [--no-record]
    python bench/run.py --only kpi-dashboard   # 1,000,000 tickets, 5,000,000 KPI samples (kept)
    python bench/run.py --only kpi-storage --kpi-samples 10000000  # partition maintenance, ingest at size
    python bench/run.py --only reports         # one vendor-month report at 1,000,000 tickets
    python bench/run.py --only overview        # the morning screen at the full size (kept data)
    python bench/run.py --only startup         # manage.py check against a bare Django project
    python bench/run.py --only load            # locust against gunicorn at 20 and 50 users
    python bench/run.py --only history-import  # 49,000 rows of ticket history through the import job
    python bench/run.py --only operations      # 5,000 components with ten years of version history
    python bench/run.py --only governance      # a QBR agenda at 1,000,000 tickets; the register at 100,000 actions
    python bench/run.py --only scorecards      # a draft evaluation live, 50 vendors side by side
    python bench/run.py --only compliance      # the vendor x compliance document matrix, 500 vendors
    python bench/run.py --only access-log      # a vendor user's last 30 days in 10,000,000 log entries
    python bench/run.py --only access-recording  # what logging a vendor user's request adds to it
    python bench/run.py --only staff-import    # 5,000 people from the HR export, new then changed
    python bench/run.py --only training        # coverage, transcript, bulk completions at 5,000 people
    python bench/run.py --only selection       # a vendor selection's side-by-side page, 50 candidates
    python bench/run.py --only surveys         # 2,000 survey responses through their links, 20 clients
    python bench/run.py --only knowledge-base  # full-text search of 20,000 articles (page, API, suggestions)
    python bench/run.py --only training-attendance  # bulk attendance and quiz scores through the API

The full run includes the KPI dashboards (``--kpi-samples 0`` leaves them out): generating the
5,000,000 samples takes minutes the first time; a later run keeps them.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.tests.two_factor import VerifiedClient  # noqa: E402
from core.roles import Role  # noqa: E402

# (label, path, goal for p95 in ms, or None where the issue set no goal)
SCENARIOS = [
    ("vendor list page", "/vendors/?sort=name", 100),
    ("vendor list page, sorted by contacts", "/vendors/?sort=-contact_count", None),
    ("contacts API, first page", "/api/v1/contacts/", 100),
    ("contacts API, filtered by vendor", "/api/v1/contacts/?vendor={vendor_id}", 100),
]


@dataclass
class Result:
    label: str
    path: str
    p50_ms: float
    p95_ms: float
    queries: int
    queries_small: int | None
    goal_ms: int | None

    @property
    def verdict(self) -> str:
        if self.goal_ms is None:
            return ""
        return "ok" if self.p95_ms < self.goal_ms else "SLOW"

    @property
    def goal(self) -> str:
        return "-" if self.goal_ms is None else str(self.goal_ms)


def bench_client() -> Client:
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.HOSPITAL_ADMIN, "is_staff": True, "is_superuser": True}
    )
    client = VerifiedClient()  # hospital admins and vendor users sign in with a second factor
    client.force_login(user)
    return client


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(context)


def measure(client: Client, path: str, requests: int) -> tuple[float, float]:
    for _ in range(10):  # warm caches and connections
        client.get(path)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


PAGE_TIMINGS = measure  # main() uses "measure" as a loop variable too


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
        f"Python {platform.python_version()}, PostgreSQL {pg}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--tickets", type=int, default=1_000_000, help="Tickets at full size (0 skips tickets).")
    parser.add_argument("--tickets-small", type=int, default=100_000, help="Tickets for the sweep's scaling check.")
    parser.add_argument("--incidents", type=int, default=10_000, help="Incidents of the availability vendor.")
    parser.add_argument(
        "--kpi-samples", type=int, default=5_000_000, help="KPI samples for the dashboards (0 skips them)."
    )
    parser.add_argument(
        "--only",
        choices=[
            "availability",
            "kpis",
            "kpi-dashboard",
            "kpi-storage",
            "knowledge-base",
            "reports",
            "overview",
            "startup",
            "load",
            "history-import",
            "operations",
            "governance",
            "scorecards",
            "compliance",
            "access-log",
            "access-recording",
            "staff-import",
            "training",
            "selection",
            "surveys",
            "training-attendance",
        ],
        help="Run one group of benchmarks only (its data is generated).",
    )
    parser.add_argument(
        "--load-users",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[20, 50],
        help="--only load: the numbers of simulated users, one step each (comma-separated).",
    )
    parser.add_argument("--load-minutes", type=float, default=2, help="--only load: minutes of each step.")
    parser.add_argument("--history-rows", type=int, default=49_000, help="Rows of the history import benchmark.")
    parser.add_argument("--lifecycles", type=int, default=5000, help="--only operations: components with a lifecycle.")
    parser.add_argument(
        "--governance-tickets", type=int, default=1_000_000, help="--only governance: the vendor's tickets."
    )
    parser.add_argument(
        "--governance-actions", type=int, default=50_000, help="--only governance: meeting actions (and follow-ups)."
    )
    parser.add_argument("--scorecard-runs", type=int, default=5, help="--only scorecards: draft computations timed.")
    parser.add_argument("--scorecard-vendors", type=int, default=50, help="--only scorecards: vendors side by side.")
    parser.add_argument(
        "--selection-candidates", type=int, default=50, help="--only selection: candidates side by side."
    )
    parser.add_argument(
        "--selection-evaluators", type=int, default=5, help="--only selection: evaluators scoring each candidate."
    )
    parser.add_argument("--survey-responses", type=int, default=2000, help="--only surveys: people answering.")
    parser.add_argument("--survey-clients", type=int, default=20, help="--only surveys: concurrent clients.")
    parser.add_argument("--compliance-vendors", type=int, default=500, help="--only compliance: vendors in the matrix.")
    parser.add_argument(
        "--access-log-rows", type=int, default=10_000_000, help="--only access-log: entries in the vendor access log."
    )
    parser.add_argument("--staff-rows", type=int, default=5_000, help="People of the staff import benchmark.")
    parser.add_argument("--training-staff", type=int, default=5_000, help="--only training: people.")
    parser.add_argument(
        "--training-completions", type=int, default=200_000, help="--only training: completions (kept)."
    )
    parser.add_argument("--kb-articles", type=int, default=20_000, help="--only knowledge-base: articles (kept).")
    parser.add_argument("--attendance-rows", type=int, default=10_000, help="--only training-attendance: seats.")
    parser.add_argument(
        "--attendance-batch", type=int, default=2_000, help="--only training-attendance: rows a request."
    )
    parser.add_argument("--no-record", action="store_true", help="Print only; do not append to RESULTS.md.")
    args = parser.parse_args()

    if args.only == "startup":
        from bench import startup

        rows = startup.rows()
        for measure, figure, goal in rows:
            print(f"{measure:<60} {figure:<20} goal {goal}")
        if not args.no_record:
            record_rows("Start-up: `manage.py check`, run alternately with a bare Django project.", rows)
        return
    if args.only == "load":
        from bench.load import run as load_bench

        rows, caption = load_bench.rows(args)
        if not args.no_record:
            record_rows(caption, rows)
        return
    client = bench_client()
    if args.only == "kpis":
        from bench import kpis as kpi_bench

        rows = kpi_bench.rows(client)
        for measure, figure, goal in rows:
            print(f"{measure:<60} {figure:<45} goal {goal}")
        if not args.no_record:
            record_rows("KPI samples: bulk ingest through the API (hospital admin's token).", rows)
        return
    if args.only == "kpi-dashboard":
        run_kpi_dashboard_benchmarks(client, args)
        return
    if args.only == "kpi-storage":
        from bench import kpi_storage

        rows, caption = kpi_storage.rows(args)
        if not args.no_record:
            record_rows(caption, rows)
        return
    if args.only == "history-import":
        from bench import history_import

        rows = history_import.rows(User.objects.get(username="bench-admin"), args.history_rows)
        for measure, figure, goal in rows:
            print(f"{measure:<60} {figure:<30} goal {goal}")
        if not args.no_record:
            record_rows("Ticket history import through its job (upload, then the worker's run, in process).", rows)
        return
    if args.only == "staff-import":
        from bench import staff_import

        rows = staff_import.rows(args.staff_rows)
        for measure, figure, goal in rows:
            print(f"{measure:<70} {figure:<30} goal {goal}")
        if not args.no_record:
            record_rows("Staff directory: the HR export imported (the import page's confirmation, in process).", rows)
        return
    if args.only == "training":
        from bench import training

        rows = training.rows(
            client,
            staff=args.training_staff,
            completions=args.training_completions,
            requests=args.requests,
            timings=PAGE_TIMINGS,
            queries=count_queries,
        )
        for label, figure, goal in rows:
            print(f"{label:<60} {figure:<45} goal {goal}")
        if not args.no_record:
            record_rows("Training: coverage, transcript and bulk completions (in process).", rows)
        return
    if args.only == "knowledge-base":
        from bench import knowledge_base

        rows = knowledge_base.rows(
            client, articles=args.kb_articles, requests=args.requests, timings=PAGE_TIMINGS, queries=count_queries
        )
        for label, figure, goal in rows:
            print(f"{label:<60} {figure:<45} goal {goal}")
        if not args.no_record:
            record_rows("Knowledge base: full-text search (in process).", rows)
        return
    if args.only == "training-attendance":
        from bench import training_attendance

        rows, caption = training_attendance.rows(total=args.attendance_rows, batch=args.attendance_batch)
        for label, figure, goal in rows:
            print(f"{label:<75} {figure:<30} goal {goal}")
        if not args.no_record:
            record_rows(caption, rows)
        return
    if args.only == "reports":
        run_report_benchmarks(args)
        return
    if args.only == "overview":
        run_overview_benchmark(client, args)
        return
    if args.only == "operations":
        from bench import operations as operations_bench

        rows, caption = operations_bench.rows(client, args, lifecycles=args.lifecycles)
        if not args.no_record:
            record_rows(caption, rows)
    if args.only == "governance":
        from bench import governance

        call_command("bench_data", incidents=args.incidents)
        rows = governance.rows(client, args.governance_tickets, args.governance_actions, min(args.requests, 100))
        for measure, figure, goal in rows:
            print(f"{measure:<90} {figure:<30} goal {goal}")
        if not args.no_record:
            record_rows("Governance: a meeting's agenda built from the data; the action register.", rows)
        return
    if args.only == "scorecards":
        from bench import scorecards as scorecard_bench

        rows, caption = scorecard_bench.rows(client, args)
        if not args.no_record:
            record_rows(caption, rows)
    if args.only == "selection":
        from bench import selection as selection_bench

        rows, caption = selection_bench.rows(client, args)
        if not args.no_record:
            record_rows(caption, rows)
        return
    if args.only == "surveys":
        from bench import surveys as survey_bench

        rows, caption = survey_bench.rows(args)
        if not args.no_record:
            record_rows(caption, rows)
        return
    if args.only == "compliance":
        from bench import compliance as compliance_bench

        rows = compliance_bench.rows(client, args.compliance_vendors, args.requests)
        for measure, figure, goal in rows:
            print(f"{measure:<60} {figure:<60} goal {goal}")
        if not args.no_record:
            record_rows(f"Compliance: the vendor x document matrix, {args.compliance_vendors} vendors.", rows)
        return
    if args.only == "access-log":
        from bench import access_log as access_log_bench

        rows = access_log_bench.rows(client, args.access_log_rows, args.requests)
        for measure, figure, goal in rows:
            print(f"{measure:<70} {figure:<50} goal {goal}")
        if not args.no_record:
            record_rows(f"Compliance: the vendor access log at {args.access_log_rows:,} entries.", rows)
        return
    if args.only == "access-recording":
        from bench import access_recording

        rows = access_recording.rows(args.requests)
        for measure, figure, goal in rows:
            print(f"{measure:<75} {figure:<35} goal {goal}")
        if not args.no_record:
            record_rows("Compliance: logging a vendor user's request (the portal page with and without it).", rows)
        return
    if args.only == "availability":
        rows = run_availability_benchmarks(client, args)
        if not args.no_record:
            record_rows(f"Availability: {args.incidents:,} incidents over ten years on 50 components.", rows)
        return
    # Query counts at a small size first: they must not change with the number of rows.
    call_command("bench_data", vendors=10, contacts=500, components=20, verbosity=0)
    vendor_id = _first_bench_vendor_id()
    small = {path: count_queries(client, path.format(vendor_id=vendor_id)) for _, path, _ in SCENARIOS}

    started = time.perf_counter()
    call_command("bench_data", vendors=args.vendors, contacts=args.contacts, components=args.vendors * 5)
    print(f"data ready in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    results = []
    for label, path_template, goal in SCENARIOS:
        path = path_template.format(vendor_id=vendor_id)
        p50, p95 = measure(client, path, args.requests)
        results.append(Result(label, path, p50, p95, count_queries(client, path), small[path_template], goal))

    header = f"{'scenario':<40} {'p50 ms':>8} {'p95 ms':>8} {'goal':>6} {'queries':>8} {'(small)':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        timings = f"{r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.goal:>6}"
        print(f"{r.label:<40} {timings} {r.queries:8d} {r.queries_small:8d}  {r.verdict}")
    ticket_rows = run_ticket_benchmarks(client, args) if args.tickets else []
    availability_rows = run_availability_benchmarks(client, args) if args.incidents else []
    if not args.no_record:
        record(results, args, ticket_rows)
        if availability_rows:
            record_rows(
                f"Availability: {args.incidents:,} incidents over ten years on 50 components.", availability_rows
            )
    if args.kpi_samples and args.tickets:
        run_kpi_dashboard_benchmarks(client, args)
        run_overview_benchmark(client, args)
    if args.tickets and args.incidents:
        run_report_benchmarks(args)


def run_report_benchmarks(args: argparse.Namespace) -> None:
    """One vendor-month report end to end; needs the million tickets and the availability vendor."""
    from bench import reports as report_bench
    from bench.data import tickets as ticket_data

    if ticket_data.bench_ticket_count() < args.tickets:
        call_command("bench_data", vendors=args.vendors, contacts=args.contacts, tickets=args.tickets)
    call_command("bench_data", incidents=args.incidents)
    rows = report_bench.rows()
    for measure, figure, goal in rows:
        print(f"{measure:<90} {figure:<30} goal {goal}")
    if not args.no_record:
        record_rows(f"Reports: snapshot and PDF of one vendor-month, {args.tickets:,} tickets.", rows)


def run_kpi_dashboard_benchmarks(client: Client, args: argparse.Namespace) -> None:
    from bench import kpi_dashboard

    rows, caption = kpi_dashboard.rows(client, args)
    if not args.no_record:
        record_rows(caption, rows)


def run_overview_benchmark(client: Client, args: argparse.Namespace) -> None:
    from bench import overview

    rows, caption = overview.rows(client, args)
    if not args.no_record:
        record_rows(caption, rows)


def run_availability_benchmarks(client: Client, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    from bench import availability as availability_bench

    started = time.perf_counter()
    call_command("bench_data", incidents=args.incidents)
    print(f"incidents ready in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = availability_bench.rows(client, min(args.requests, 100))
    for measure, figure, goal in rows:
        print(f"{measure:<60} {figure:<45} goal {goal}")
    return rows


def run_ticket_benchmarks(client: Client, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows for tickets at --tickets-small and --tickets."""
    from bench import tickets as ticket_bench
    from bench.data import tickets as ticket_data

    rows = []
    # A kept data set may be larger than the small size: shrink it first, then grow.
    if ticket_data.bench_ticket_count() > args.tickets_small:
        ticket_data.shrink_to(args.tickets_small)
    call_command("bench_data", vendors=args.vendors, tickets=args.tickets_small)
    small = ticket_data.bench_ticket_count()
    _, small_p95 = ticket_bench.sweep_nothing_due()
    rows.append((f"sweep, nothing due, {small:,} tickets", f"p95 {small_p95:.1f} ms", "< 50 ms"))
    started = time.perf_counter()
    call_command("bench_data", vendors=args.vendors, tickets=args.tickets)
    print(f"tickets ready in {time.perf_counter() - started:.1f} s")
    big = ticket_data.bench_ticket_count()
    _, big_p95 = ticket_bench.sweep_nothing_due()
    ratio = big_p95 / small_p95 if small_p95 else 0
    rows.append((f"sweep, nothing due, {big:,} tickets", f"p95 {big_p95:.1f} ms ({ratio:.2f}x)", "< 50 ms, <= 1.5x"))
    rows.append(("sweep with 1,000 due actions", f"{ticket_bench.sweep_with_due():.0f} ms", "< 2,000 ms"))
    rows.append(("clock: due-date computations", f"{ticket_bench.clock_rate():,.0f} /s", ">= 50,000 /s"))
    for label, path, goal in (
        ("ticket list page, newest first", "/tickets/?sort=-opened_at", "p95 < 150 ms"),
        ("ticket list page, open only", "/tickets/?open=true", "p95 < 150 ms"),
        ("tickets API, first page", "/api/v1/tickets/", "p95 < 100 ms"),
    ):
        p50, p95 = ticket_bench.page(client, path, min(args.requests, 100))
        rows.append((label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {count_queries(client, path)} queries", goal))
    admin = User.objects.get(username="bench-admin")
    rate = ticket_bench.creation_rate(admin, _first_bench_vendor_id())
    rows.append(("ticket creation through the API", f"{rate:.0f} tickets/s", ">= 200 /s"))
    for label, cpu_ms in ticket_bench.creation_breakdown(admin, _first_bench_vendor_id()).items():
        rows.append((f"ticket creation CPU: {label}", f"{cpu_ms:.1f} ms per request", "(200 /s needs <= 5 ms)"))
    for measure, figure, goal in rows:
        print(f"{measure:<45} {figure:<40} goal {goal}")
    return rows


def _first_bench_vendor_id() -> int:
    from vendors.models import Vendor

    return Vendor.objects.filter(name__startswith="Bench vendor").order_by("pk").values_list("pk", flat=True)[0]


def record(results: list[Result], args: argparse.Namespace, ticket_rows: list[tuple[str, str, str]]) -> None:
    commit = _commit()
    lines = [
        "",
        f"## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit or 'unknown'}",
        "",
        f"Machine: {machine()}.",
        f"Data: {args.vendors} vendors, {args.contacts} contacts, {args.vendors * 5} components; "
        f"{args.requests} requests per scenario, in process through the full Django stack.",
        "",
        "| scenario | path | p50 ms | p95 ms | goal p95 ms | queries | queries at 10 vendors / 500 contacts |",
        "|---|---|---:|---:|---:|---:|---:|",
        *(
            f"| {r.label} | `{r.path}` | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.goal} | {r.queries} | {r.queries_small} |"
            for r in results
        ),
    ]
    if ticket_rows:
        lines += [
            "",
            f"Tickets: {args.tickets:,} (5 % open, each with response and resolution clocks and four actions).",
            "",
            "| measure | figure | goal |",
            "|---|---|---|",
            *(f"| {measure} | {figure} | {goal} |" for measure, figure, goal in ticket_rows),
        ]
    _append(lines)


def _commit() -> str:
    git = shutil.which("git") or "git"
    return subprocess.run(  # noqa: S603 - fixed git command in our repository
        [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()


def _append(lines: list[str]) -> None:
    with (ROOT / "bench" / "RESULTS.md").open("a") as handle:
        handle.write("\n".join(lines) + "\n")
    print("recorded in bench/RESULTS.md")


def record_rows(caption: str, rows: list[tuple[str, str, str]]) -> None:
    """A titled table of (measure, figure, goal) rows, with the machine and commit."""
    commit = _commit()
    _append(
        [
            "",
            f"## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit or 'unknown'}",
            "",
            f"Machine: {machine()}.",
            caption,
            "",
            "| measure | figure | goal |",
            "|---|---|---|",
            *(f"| {measure} | {figure} | {goal} |" for measure, figure, goal in rows),
        ]
    )


if __name__ == "__main__":
    main()
