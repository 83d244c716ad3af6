"""Governance benchmark: building a meeting's agenda for one vendor with many tickets, and the
action register over many actions of both sources.

The vendor is the availability benchmark's (50 components, years of incidents and monthly
maintenance). It gets ``--governance-tickets`` tickets of its own in last month, with decided
clocks (one in 17 breached), through the report benchmark's set-based SQL, and a few hundred of
them reopened as open P1/P2 tickets. The register gets ``--governance-actions`` meeting actions
and as many incident follow-ups again, spread over the bench vendors, a tenth of them overdue.
"""

import datetime
import statistics
import time

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.data.slas import bench_vendor
from bench.reports import TITLE, ensure_month_tickets
from core.months import previous_months
from governance.models import Frequency, Meeting, MeetingKind, MeetingSeries
from governance.selectors.agenda import agenda_build
from tickets.models import Ticket

SERIES = "Bench quarterly business review"

OPEN_PRIORITY_SQL = """
UPDATE tickets_ticket SET status = 'in_progress', severity = (CASE WHEN id %% 2 = 0 THEN 'P1' ELSE 'P2' END),
    resolved_at = NULL, closed_at = NULL
WHERE vendor_id = %(vendor)s AND title LIKE %(like)s AND id %% 97 = 0
"""

ACTIONS_SQL = """
INSERT INTO governance_actionitem (created_at, updated_at, vendor_id, meeting_id, description, owner_contact_id,
    side, due_date, status)
SELECT now(), now(), %(vendor)s, %(meeting)s, 'Bench action ' || g, %(contact)s, 'vendor',
    current_date + ((g %% 100) - 10), 'open'
FROM generate_series(1, %(count)s) AS g
"""

FOLLOW_UPS_SQL = """
INSERT INTO slas_followupaction (created_at, updated_at, incident_id, description, owner_name, due_date, status)
SELECT now(), now(), i.id, 'Bench follow-up ' || g, 'Bench engineer', current_date + ((g %% 100) - 10), 'open'
FROM generate_series(1, %(count)s) AS g
CROSS JOIN LATERAL (SELECT id FROM slas_incident WHERE vendor_id = %(vendor)s ORDER BY id LIMIT 1) AS i
"""


def _meeting(vendor: object) -> Meeting:
    series = MeetingSeries.objects.filter(vendor=vendor, title=SERIES).first()
    if series is None:
        series = MeetingSeries.objects.create(
            vendor=vendor,
            kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW,
            title=SERIES,
            frequency=Frequency.QUARTERLY,
            first_start=timezone.now() - datetime.timedelta(days=90),
        )
        for start in (series.first_start, timezone.now() + datetime.timedelta(days=1)):
            Meeting.objects.create(
                series=series, vendor=vendor, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
            )
    return series.meetings.order_by("-starts_at").first()


def _actions(vendor: object, meeting: Meeting, count: int) -> int:
    from vendors.models import Contact

    existing = meeting.actions.count()
    if existing < count:
        contact = Contact.objects.filter(vendor=vendor).first() or Contact.objects.create(
            vendor=vendor, name="Bench engineer", role=Contact.Role.ENGINEER
        )
        with connection.cursor() as cursor:
            params = {"vendor": vendor.pk, "meeting": meeting.pk, "contact": contact.pk, "count": count - existing}
            cursor.execute(ACTIONS_SQL, params)
            cursor.execute(FOLLOW_UPS_SQL, params)
            cursor.execute("ANALYZE governance_actionitem, slas_followupaction")
    return meeting.actions.count()


def _p(timings: list[float], share: float) -> float:
    timings = sorted(timings)
    return timings[min(len(timings) - 1, int(len(timings) * share))]


def rows(client: Client, tickets: int, actions: int, requests: int) -> list[tuple[str, str, str]]:
    vendor = bench_vendor()
    if vendor is None:
        raise RuntimeError("Generate the availability bench data first (bench_data --incidents).")
    month = previous_months(timezone.localdate(), 2)[0]
    held = ensure_month_tickets(vendor.pk, month, count=tickets)
    with connection.cursor() as cursor:
        cursor.execute(OPEN_PRIORITY_SQL, {"vendor": vendor.pk, "like": f"{TITLE} %"})
        cursor.execute("ANALYZE tickets_ticket")
    vendor_tickets = Ticket.objects.filter(vendor=vendor).count()
    meeting = _meeting(vendor)
    agenda_build(meeting)  # warm-up
    builds = []
    for _ in range(7):
        started = time.perf_counter()
        agenda = agenda_build(meeting)
        builds.append(time.perf_counter() - started)
    sections = len(agenda["sections"])
    total_actions = _actions(vendor, meeting, actions)
    path = "/governance/actions/"
    for _ in range(5):
        client.get(path)
    pages, overdue = [], []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        pages.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert client.get(path + "?overdue=on&sort=r_vendor_name").status_code == 200
        overdue.append((time.perf_counter() - started) * 1000)
    return [
        (
            f"QBR agenda for one vendor ({vendor_tickets:,} tickets, {held:,} in last month; {sections} sections)",
            f"median {statistics.median(builds) * 1000:.0f} ms, max {max(builds) * 1000:.0f} ms",
            "< 1 s",
        ),
        (
            f"action register page ({total_actions * 2:,} open actions, two sources)",
            f"p50 {statistics.median(pages):.0f} ms, p95 {_p(pages, 0.95):.0f} ms",
            "p95 < 200 ms",
        ),
        (
            "action register page, overdue only, sorted by vendor",
            f"p50 {statistics.median(overdue):.0f} ms, p95 {_p(overdue, 0.95):.0f} ms",
            "p95 < 200 ms",
        ),
    ]
