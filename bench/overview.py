"""Overview benchmark: the hospital's morning screen (``/overview/``) at the benchmark size:
1,000 vendors, 1,000,000 tickets (50,000 open, 20,000 of them P1 or P2), 5,000,000 KPI samples
and 10,000 incidents (``bench_data``, ``bench.data.kpis``).

The kept data is a quiet morning (no clock at risk, nothing down). A busy one is added inside a
transaction that is rolled back when the timing is done, so every panel has rows to show and
nothing kept changes: clocks about to breach and breached, tickets assigned to the measuring
user, ongoing incidents, probes (some failing), maintenance in the next days (some awaiting
approval), owed credits and follow-up actions.

Query counts are taken at the full size and at a small size (10,000 tickets, 100,000 KPI
samples), each with the same busy morning: the small set is made in a savepoint that empties
the ticket and KPI tables (``TRUNCATE``) and is rolled back.
"""

import argparse
import datetime
import io
import os
import statistics
import time
from decimal import Decimal

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from bench.data import kpis as kpi_data
from bench.data import tickets as ticket_data
from bench.kpi_dashboard import SMALL_SAMPLES, SMALL_TICKETS, prepare
from bench.tickets import timed
from core.months import previous_months
from kpis.models import Probe, ProbeRun
from slas.models import Agreement, CreditStatement, FollowUpAction, Incident, MaintenanceWindow
from tickets.models import Ticket
from vendors.models import Component, Vendor

PATH = "/overview/"
GOAL = "p95 < 150 ms, queries flat"
BUSY = 40  # of each kind of row: more than a panel shows


def busy_morning(user: User) -> None:
    """Clocks about to breach and breached, tickets assigned to ``user``, ongoing incidents,
    probes, maintenance, owed credits and follow-ups, on the first bench vendors."""
    now = timezone.now()
    vendors = list(Vendor.objects.filter(name__startswith=kpi_data.VENDOR_PREFIX).order_by("pk")[:BUSY])
    with connection.cursor() as cursor:
        # Response clocks of open tickets due within the hour (at risk), a few already breached.
        cursor.execute(
            """
            UPDATE tickets_slaclock SET due_at = %(now)s + (id %% 50 + 1) * interval '1 minute'
            WHERE id IN (SELECT c.id FROM tickets_slaclock c JOIN tickets_ticket t ON t.id = c.ticket_id
                         WHERE c.metric = 'response' AND c.state = 'running' AND t.title LIKE 'Bench ticket %%'
                         ORDER BY c.id LIMIT %(count)s)
            """,
            {"now": now, "count": BUSY * 5},
        )
        cursor.execute(
            """
            UPDATE tickets_slaclock SET state = 'breached', breached_at = %(now)s - interval '20 minutes'
            WHERE id IN (SELECT c.id FROM tickets_slaclock c JOIN tickets_ticket t ON t.id = c.ticket_id
                         WHERE c.metric = 'resolution' AND c.state = 'running' AND t.severity = 'P1'
                         ORDER BY c.id LIMIT %(count)s)
            """,
            {"now": now, "count": BUSY},
        )
    open_ids = Ticket.objects.filter(status="acknowledged").order_by("-pk").values_list("pk", flat=True)[:BUSY]
    Ticket.objects.filter(pk__in=list(open_ids)).update(assignee_user=user)
    components = {c.vendor_id: c for c in Component.objects.filter(vendor__in=vendors).order_by("-pk")}
    incidents = Incident.objects.bulk_create(
        Incident(vendor=vendor, title="Bench ongoing outage", started_at=now - datetime.timedelta(minutes=n + 5))
        for n, vendor in enumerate(vendors)
    )
    Incident.components.through.objects.bulk_create(
        Incident.components.through(incident_id=incident.pk, component_id=components[incident.vendor_id].pk)
        for incident in incidents
        if incident.vendor_id in components
    )
    FollowUpAction.objects.bulk_create(
        FollowUpAction(incident=incident, description="Bench follow-up", owner=user, due_date=now.date())
        for incident in incidents
    )
    probes = Probe.objects.bulk_create(
        Probe(
            vendor_id=vendor_id,
            component=component,
            name=f"Bench probe {vendor_id}",
            ae_title="BENCH",
            host="pacs.invalid",
            port=104,
            last_run_at=now,
            failing_since=now - datetime.timedelta(minutes=10) if n % 5 == 0 else None,
        )
        for n, (vendor_id, component) in enumerate(components.items())
    )
    ProbeRun.objects.bulk_create(
        ProbeRun(probe=probe, started_at=now - datetime.timedelta(minutes=m), reachable=True, ok=m % 3 != 0, results=[])
        for probe in probes
        for m in range(3)
    )
    MaintenanceWindow.objects.bulk_create(
        MaintenanceWindow(
            vendor=vendor,
            title="Bench patching",
            planned_start=now + datetime.timedelta(hours=4 * n + 2),
            planned_end=now + datetime.timedelta(hours=4 * n + 4),
            announced_at=now - datetime.timedelta(days=7),
            state=MaintenanceWindow.State.PROPOSED if n % 3 == 0 else MaintenanceWindow.State.APPROVED,
        )
        for n, vendor in enumerate(vendors)
    )
    agreement = Agreement.objects.filter(contract__vendor__in=vendors).select_related("contract").first()
    if agreement is not None:
        months = previous_months(timezone.localdate(), 13)[:-1]
        CreditStatement.objects.bulk_create(
            CreditStatement(
                vendor_id=agreement.contract.vendor_id,
                agreement=agreement,
                month=month,
                uptime_percent=Decimal("99.5"),
                target_percent=Decimal("99.9"),
                downtime_minutes=Decimal(200),
                excluded_minutes=Decimal(0),
                monthly_fee=Decimal("10000.00"),
                credit_amount=Decimal("500.00"),
                currency="EUR",
                claim_deadline=timezone.localdate() + datetime.timedelta(days=n + 1),
                computed_at=now,
            )
            for n, month in enumerate(months)
        )


def admin() -> User:
    return User.objects.get(username="bench-admin")


def small_query_count(client: Client) -> int:
    """The overview's queries with 10,000 tickets and 100,000 KPI samples and the same busy
    morning, in a savepoint rolled back."""
    from bench.run import count_queries

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE kpis_kpisample, kpis_kpirollup, kpis_kpialert")
            cursor.execute("TRUNCATE tickets_ticket CASCADE")
        call_command("bench_data", tickets=SMALL_TICKETS, stdout=io.StringIO())
        kpi_data.kpi_samples_generate(SMALL_SAMPLES, write=lambda _: None)
        busy_morning(admin())
        client.get(PATH)
        count = count_queries(client, PATH)
        transaction.set_rollback(True)
    return count


def _cpu_ms(client: Client, requests: int) -> float:
    """The median CPU time a request takes in this process: what the page costs on a machine whose
    cores are busy with other work too (its wall-clock time then includes waiting for a core)."""
    samples = []
    for _ in range(requests):
        started = time.process_time()
        client.get(PATH)
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def rows(client: Client, args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    """(measure, figure, goal) rows and the caption that describes the data."""
    from bench.run import count_queries

    call_command("bench_data", incidents=args.incidents, stdout=io.StringIO())
    done = prepare(args)
    requests = min(args.requests, 100)
    with transaction.atomic():
        small = small_query_count(client)
        busy_morning(admin())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tickets_slaclock, tickets_ticket, slas_incident, kpis_probe")
        client.get(PATH)
        full = count_queries(client, PATH)
        load = os.getloadavg()[0]
        p50, p95 = timed(lambda: client.get(PATH), requests)
        cpu = _cpu_ms(client, requests)
        open_tickets = Ticket.objects.exclude(status__in=["resolved", "closed"]).count()
        transaction.set_rollback(True)
    flat = "" if full == small else " NOT FLAT"
    figure = (
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({cpu:.0f} ms of CPU in the web process, p50), "
        f"{full} queries ({small} at small size){flat}"
    )
    print(f"overview: {figure}")
    caption = (
        f"Overview (the morning screen): {Vendor.objects.count():,} vendors, {ticket_data.bench_ticket_count():,} "
        f"tickets ({open_tickets:,} open), {kpi_data.bench_sample_count():,} KPI samples, "
        f"{Incident.objects.count():,} incidents; a busy morning of {BUSY} rows per panel added and rolled back. "
        f"{done}. Small size for query counts: {SMALL_TICKETS:,} tickets, {SMALL_SAMPLES:,} samples. {requests} "
        f"requests in process through the full Django stack; load average {load:.2f} when the timing began "
        "(the machine's 2 cores were shared with other work during the run)."
    )
    return [(f"overview page: `{PATH}`", figure, GOAL)], caption
