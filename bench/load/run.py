"""The load benchmark (``python bench/run.py --only load``): the product under gunicorn with
three workers, as in production, on the bench database at the benchmark size, driven by locust
(``bench/load/locustfile.py``) headless at each number of users for a fixed time.

Locust runs on the same machine as the server (as the issue's measurement did): its own CPU is
part of what the figures cost. The load average before and after each step is recorded with it.
"""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command

from accounts import services as account_services
from accounts.models import User
from accounts.tests.two_factor import VerifiedClient
from bench import kpis as kpi_bench
from bench.data import kpis as kpi_data
from bench.kpi_dashboard import prepare
from core.roles import Role
from kpis.models import Kpi
from vendors.models import Vendor

ROOT = Path(__file__).resolve().parent.parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
GUNICORN_WORKERS = 3
HOSPITAL_USERS = 10
VENDOR_USERS = 10
GOAL_P95_MS = 300
LATENCY_CODES = ("echo_latency", "query_latency", "retrieval_time")


@dataclass
class LoadResult:
    users: int
    requests: int
    failures: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    load_before: float
    load_after: float

    def row(self, minutes: float) -> tuple[str, str, str]:
        goal = f"0 errors, p95 < {GOAL_P95_MS} ms" if self.users == 20 else "-"
        figure = (
            f"{self.requests_per_second:.1f} req/s, p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"p99 {self.p99_ms:.0f} ms, {self.failures} errors of {self.requests:,}; "
            f"load average {self.load_before:.1f} before, {self.load_after:.1f} after"
        )
        return (f"{self.users} users, {minutes:g} min", figure, goal)


def prepare_data(args: argparse.Namespace) -> None:
    """The benchmark size: vendors, contacts, tickets and KPI samples (kept ones are reused)."""
    started = time.perf_counter()
    call_command("bench_data", vendors=args.vendors, contacts=args.contacts, components=args.vendors * 5)
    prepare(args)
    print(f"load data ready in {time.perf_counter() - started:.1f} s")


def _session(user: User) -> str:
    client = VerifiedClient()  # hospital admins and vendor users sign in with a second factor
    client.force_login(user)
    return client.cookies["sessionid"].value


def write_fixture(path: Path) -> None:
    """Who the simulated users are (sessions, tokens) and which ids they use."""
    hospital = []
    for number in range(HOSPITAL_USERS):
        role = Role.HOSPITAL_ADMIN if number % 2 == 0 else Role.HOSPITAL_STAFF
        user, _ = User.objects.update_or_create(username=f"bench-load-hospital-{number}", defaults={"role": role})
        hospital.append({"session": _session(user)})
    kpi_vendors = kpi_data.bench_vendors()
    vendor = []
    for number in range(VENDOR_USERS):
        user, _ = User.objects.update_or_create(
            username=f"bench-load-vendor-{number}",
            defaults={"role": Role.VENDOR_USER, "vendor": kpi_vendors[number % len(kpi_vendors)]},
        )
        vendor.append({"session": _session(user)})
    admin, _ = User.objects.update_or_create(username="bench-load-api", defaults={"role": Role.HOSPITAL_ADMIN})
    samples_vendor, components = kpi_bench._vendor()
    fixture = {
        "hospital": hospital,
        "vendor": vendor,
        "api": [{"token": account_services.api_token_issue(user=admin).key}],
        "vendors": [vendor.pk for vendor in Vendor.objects.filter(name__startswith=kpi_data.VENDOR_PREFIX)[:50]],
        "kpi_vendors": [vendor.pk for vendor in kpi_vendors],
        "samples_vendor": {"id": samples_vendor.pk, "components": components},
        # The measured times a monitoring system pushes (probe_success is a 0/1 and is left out).
        "kpi_codes": list(Kpi.objects.filter(code__in=LATENCY_CODES, active=True).values_list("code", flat=True)),
    }
    path.write_text(json.dumps(fixture))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # As in production: connections kept between requests (the test default closes them).
        "DATABASE_CONN_MAX_AGE": "60",
    }
    command = [sys.executable, "-m", "gunicorn", "pacsvendor.wsgi", "--workers", str(GUNICORN_WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our interpreter, fixed arguments
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def run_locust(host: str, fixture: Path, users: int, minutes: float, workdir: Path) -> LoadResult:
    prefix = workdir / f"users-{users}"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    command += ["--users", str(users), "--spawn-rate", str(max(users // 10, 1)), "--run-time", f"{int(minutes * 60)}s"]
    command += ["--host", host, "--csv", str(prefix), "--exit-code-on-error", "0"]
    load_before = os.getloadavg()[0]
    env = {**os.environ, "PACS_LOAD_FIXTURE": str(fixture)}
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our interpreter, fixed arguments
    load_after = os.getloadavg()[0]
    with Path(f"{prefix}_stats.csv").open() as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return LoadResult(
        users=users,
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
        requests_per_second=float(total["Requests/s"]),
        p50_ms=float(total["50%"]),
        p95_ms=float(total["95%"]),
        p99_ms=float(total["99%"]),
        load_before=load_before,
        load_after=load_after,
    )


def per_route(workdir: Path, users: int) -> list[str]:
    """The slowest routes of a step, for the printout: where the p95 comes from."""
    with (workdir / f"users-{users}_stats.csv").open() as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]
    rows.sort(key=lambda row: -float(row["95%"]))
    return [
        f"  {row['Type']:<5} {row['Name']:<32} {int(row['Request Count']):>6} req  "
        f"p50 {float(row['50%']):>6.0f}  p95 {float(row['95%']):>6.0f}  errors {row['Failure Count']}"
        for row in rows
    ]


def rows(args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    prepare_data(args)
    with tempfile.TemporaryDirectory(prefix="pacs-load-") as folder:
        workdir = Path(folder)
        fixture = workdir / "fixture.json"
        write_fixture(fixture)
        port = _free_port()
        server = start_gunicorn(port)
        results = []
        try:
            for users in args.load_users:
                result = run_locust(f"http://127.0.0.1:{port}", fixture, users, args.load_minutes, workdir)
                results.append(result)
                print(f"{users} users: {result.row(args.load_minutes)[1]}")
                print("\n".join(per_route(workdir, users)))
        finally:
            stop(server)
    caption = (
        f"Load: locust against gunicorn ({GUNICORN_WORKERS} workers) on {os.cpu_count()} cores shared with "
        f"locust; {args.vendors:,} vendors, {args.contacts:,} contacts, {args.tickets:,} tickets, "
        f"{args.kpi_samples:,} KPI samples. Mix: hospital users on lists and dashboards (5), vendor users "
        "in the portal (2), API clients creating tickets, pushing 50 KPI samples and listing tickets (2); "
        "0.2-1 s between a user's requests."
    )
    return [result.row(args.load_minutes) for result in results], caption
