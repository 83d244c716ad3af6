"""Report benchmark: one vendor-month report end to end (snapshot from the selectors, charts,
PDF) with 1,000,000 tickets in the database.

The reported vendor is the availability benchmark's (50 components, ten years of incidents and
monthly maintenance). On top of the million bench tickets spread over the bench vendors, it gets
a heavy month of its own: ``MONTH_TICKETS`` tickets in last month with decided response and
resolution clocks (some breached), resolve/reopen events and satisfaction ratings, so every
ticket query of the report has real rows to aggregate.
"""

import datetime
import gc
import statistics
import time

from django.db import connection
from django.utils import timezone

from bench.data.slas import bench_vendor
from core.months import month_bounds, previous_months
from reports.models import MonthlyReport
from reports.services.generation import report_generate
from slas.selectors import availability
from tickets.models import Ticket

MONTH_TICKETS = 20_000
TITLE = "Bench report ticket"


def _last_month() -> datetime.date:
    return previous_months(timezone.localdate(), 2)[0]


# The month's tickets, spread over its first 90 %, all closed.
TICKETS_SQL = """
INSERT INTO tickets_ticket (created_at, updated_at, vendor_id, agreement_id, severity, tier, title,
    description, status, sites_affected, modalities_affected, studies_delayed,
    downtime_procedure_invoked, patient_safety_risk, opened_at, responded_at, resolved_at, closed_at)
SELECT now(), now(), %(vendor)s, %(agreement)s, (ARRAY['P1','P2','P3','P3','P4'])[1 + g %% 5],
    (ARRAY['help_desk','help_desk','remote_diagnostics','on_site'])[1 + g %% 4],
    %(title)s || ' ' || g, '', 'closed', '', '', 0, false, false,
    opened, opened + (5 + g %% 90) * interval '1 minute', opened + (60 + g %% 3000) * interval '1 minute',
    opened + (2000 + g %% 3000) * interval '1 minute'
FROM (SELECT g, %(start)s::timestamptz + (g * %(step)s) * interval '1 second' AS opened
      FROM generate_series(%(first)s, %(count)s) AS g) AS rows
"""

# Response, update and resolution clocks, decided: one ticket in 17 breached.
CLOCKS_SQL = """
INSERT INTO tickets_slaclock (ticket_id, metric, agreement_id, calendar_id, target_seconds, state,
    started_at, last_resumed_at, consumed_seconds, due_at, met_at, breached_at)
SELECT t.id, m.metric, %(agreement)s, %(calendar)s, 3600,
    CASE WHEN t.id %% 17 = 0 THEN 'breached' ELSE 'met' END, t.opened_at, t.opened_at, 1800,
    t.opened_at + interval '1 hour',
    CASE WHEN t.id %% 17 = 0 THEN NULL ELSE
        CASE m.metric WHEN 'response' THEN t.responded_at ELSE t.resolved_at END END,
    CASE WHEN t.id %% 17 = 0 THEN t.opened_at + interval '1 hour' ELSE NULL END
FROM tickets_ticket t CROSS JOIN (VALUES ('response'), ('update'), ('resolution')) AS m(metric)
WHERE t.vendor_id = %(vendor)s AND t.title LIKE %(like)s
  AND NOT EXISTS (SELECT 1 FROM tickets_slaclock c WHERE c.ticket_id = t.id)
"""

# Opened and resolved events.
EVENTS_SQL = """
INSERT INTO tickets_ticketevent (ticket_id, kind, at, data, recorded_at)
SELECT t.id, k.kind, CASE k.kind WHEN 'opened' THEN t.opened_at ELSE t.resolved_at END, '{}'::jsonb, now()
FROM tickets_ticket t CROSS JOIN (VALUES ('opened'), ('resolved')) AS k(kind)
WHERE t.vendor_id = %(vendor)s AND t.title LIKE %(like)s
  AND NOT EXISTS (SELECT 1 FROM tickets_ticketevent e WHERE e.ticket_id = t.id)
"""

# One ticket in 23 reopened after its resolution.
REOPENINGS_SQL = """
INSERT INTO tickets_ticketevent (ticket_id, kind, at, data, recorded_at)
SELECT t.id, 'reopened', t.resolved_at + interval '1 hour', '{}'::jsonb, now()
FROM tickets_ticket t
WHERE t.vendor_id = %(vendor)s AND t.title LIKE %(like)s AND t.id %% 23 = 0
  AND NOT EXISTS (SELECT 1 FROM tickets_ticketevent e WHERE e.ticket_id = t.id AND e.kind = 'reopened')
"""

# One ticket in 3 rated.
RATINGS_SQL = """
INSERT INTO tickets_satisfactionrating (ticket_id, score, comment, rated_at)
SELECT t.id, 1 + t.id %% 5, '', t.resolved_at + interval '2 hours'
FROM tickets_ticket t
WHERE t.vendor_id = %(vendor)s AND t.title LIKE %(like)s AND t.id %% 3 = 0
  AND NOT EXISTS (SELECT 1 FROM tickets_satisfactionrating r WHERE r.ticket_id = t.id)
"""


def ensure_month_tickets(vendor_id: int, month: datetime.date, count: int = MONTH_TICKETS) -> int:
    """The vendor's heavy month, made once with set-based SQL. Returns the tickets it holds."""
    existing = Ticket.objects.filter(vendor_id=vendor_id, title__startswith=TITLE).count()
    if existing >= count:
        return existing
    start, end = month_bounds(month)
    agreement = availability.month_availability(vendor_id, month).agreement
    params = {
        "vendor": vendor_id,
        "agreement": agreement.pk,
        "calendar": agreement.targets.order_by("severity").first().calendar_id,
        "title": TITLE,
        "like": f"{TITLE} %",
        "start": start,
        "step": (end - start).total_seconds() * 0.9 / count,
        "first": existing + 1,
        "count": count,
    }
    with connection.cursor() as cursor:
        for sql in (TICKETS_SQL, CLOCKS_SQL, EVENTS_SQL, REOPENINGS_SQL, RATINGS_SQL):
            cursor.execute(sql, params)
        cursor.execute("ANALYZE tickets_ticket, tickets_slaclock, tickets_ticketevent, tickets_satisfactionrating")
    return Ticket.objects.filter(vendor_id=vendor_id, title__startswith=TITLE).count()


def rows(runs: int = 5) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows: a whole report, then its two halves, timed ``runs`` times."""
    vendor = bench_vendor()
    if vendor is None:
        raise RuntimeError("Generate the availability bench data first (bench_data --incidents).")
    month = _last_month()
    heavy = ensure_month_tickets(vendor.pk, month)
    total = Ticket.objects.count()
    from reports.rendering import render_pdf
    from reports.snapshot import snapshot_build

    totals, snapshots, pdfs, pages = [], [], [], 0
    report_generate(vendor=vendor, month=month)  # warm-up: imports, fonts, caches
    gc.collect()
    gc.freeze()  # as a Celery worker process does after start (pacsvendor/celery.py)
    for _ in range(runs):
        started = time.perf_counter()
        report = report_generate(vendor=vendor, month=month, reason="benchmark")
        totals.append(time.perf_counter() - started)
        assert report.state == MonthlyReport.State.READY, report.error
        pages = report.pages
        started = time.perf_counter()
        snapshot, _ = snapshot_build(vendor, month)
        snapshots.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_pdf(snapshot)
        pdfs.append(time.perf_counter() - started)
    return [
        (
            f"one vendor-month report end to end ({total:,} tickets; {heavy:,} in the month; {pages} pages)",
            f"median {statistics.median(totals):.2f} s, max {max(totals):.2f} s",
            "< 3 s",
        ),
        ("  of which: snapshot from the selectors", f"median {statistics.median(snapshots):.2f} s", "-"),
        ("  of which: charts and PDF", f"median {statistics.median(pdfs):.2f} s", "-"),
    ]
