"""Benchmark tickets: ``bench_data --tickets N`` (5 % open) with clocks, actions and events,
inserted set-wise in SQL so a million rows take a minute, not hours. Open tickets get running
response and resolution clocks whose actions are all due in the future; benchmarks move some
to the past when they need due work."""

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection

from slas.defaults import office_hours_calendar, template_agreement
from slas.models import Agreement, BusinessCalendar
from slas.services.calendars import calendar_save
from tickets.models import Ticket
from vendors.models import Contract, Vendor

OPEN_EVERY = 20  # one ticket in twenty is open: 5 %


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--tickets", type=int, default=0, help="Total number of benchmark tickets.")


def _agreement(vendor_ids: list[int]) -> Agreement:
    contract = Contract.objects.filter(vendor_id=vendor_ids[0]).order_by("pk").first()
    existing = Agreement.objects.filter(contract=contract).first()
    if existing:
        return existing
    office = BusinessCalendar.objects.filter(always_open=False).first() or office_hours_calendar(
        name="Bench business hours"
    )
    always = BusinessCalendar.objects.filter(always_open=True).first() or calendar_save(
        calendar=BusinessCalendar(name="Bench 24x7", always_open=True), windows=[]
    )
    return template_agreement(contract=contract, office=office, round_the_clock=always)


def generate(options: dict[str, Any], write: Callable[[str], None]) -> None:
    wanted = options["tickets"]
    if not wanted:
        return
    vendor_ids = list(
        Vendor.objects.filter(name__startswith="Bench vendor").order_by("pk").values_list("pk", flat=True)
    )
    if not vendor_ids:
        raise ValueError("Generate bench vendors first (--vendors).")
    agreement = _agreement(vendor_ids)
    target = agreement.targets.get(severity="P3")
    existing = Ticket.objects.filter(title__startswith="Bench ticket").count()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tickets_ticket (created_at, updated_at, vendor_id, agreement_id, severity, tier, title,
                description, status, sites_affected, modalities_affected, studies_delayed,
                downtime_procedure_invoked, patient_safety_risk, opened_at, responded_at, resolved_at, closed_at)
            SELECT now(), now(), (%(vendors)s::bigint[])[1 + g %% cardinality(%(vendors)s::bigint[])], %(agreement)s,
                (ARRAY['P1','P2','P3','P3','P4'])[1 + g %% 5], 'help_desk', 'Bench ticket ' || g, '',
                CASE WHEN g %% %(open_every)s = 0 THEN 'acknowledged' ELSE 'closed' END, '', '', 0, false, false,
                opened, opened + interval '20 minutes',
                CASE WHEN g %% %(open_every)s = 0 THEN NULL ELSE opened + interval '1 day' END,
                CASE WHEN g %% %(open_every)s = 0 THEN NULL ELSE opened + interval '2 days' END
            FROM (SELECT g, now() - ((%(wanted)s - g) * interval '25 seconds') AS opened
                  FROM generate_series(%(first)s, %(wanted)s) AS g) AS rows
            """,
            {
                "vendors": vendor_ids,
                "agreement": agreement.pk,
                "open_every": OPEN_EVERY,
                "first": existing + 1,
                "wanted": wanted,
            },
        )
        cursor.execute(
            """
            INSERT INTO tickets_ticketevent (ticket_id, kind, at, data, recorded_at)
            SELECT t.id, 'opened', t.opened_at, '{}'::jsonb, now() FROM tickets_ticket t
            WHERE t.title LIKE 'Bench ticket %%'
              AND NOT EXISTS (SELECT 1 FROM tickets_ticketevent e WHERE e.ticket_id = t.id)
            """
        )
        cursor.execute(
            """
            INSERT INTO tickets_slaclock (ticket_id, metric, agreement_id, calendar_id, target_seconds, state,
                started_at, last_resumed_at, consumed_seconds, due_at)
            SELECT t.id, m.metric, %(agreement)s, %(calendar)s, m.seconds, 'running', t.opened_at, t.opened_at, 0,
                now() + interval '2 days' + (t.id %% 1000) * interval '1 minute'
            FROM tickets_ticket t
            CROSS JOIN (VALUES ('response', %(response)s), ('resolution', %(resolution)s)) AS m(metric, seconds)
            WHERE t.status = 'acknowledged' AND t.title LIKE 'Bench ticket %%'
              AND NOT EXISTS (SELECT 1 FROM tickets_slaclock c WHERE c.ticket_id = t.id)
            """,
            {
                "agreement": agreement.pk,
                "calendar": target.calendar_id,
                "response": int(target.response.total_seconds()),
                "resolution": int(target.resolution.total_seconds()),
            },
        )
        cursor.execute(
            """
            INSERT INTO tickets_clockaction (clock_id, threshold_percent, fire_at)
            SELECT c.id, p.percent, c.due_at - (100 - p.percent) * interval '1 minute'
            FROM tickets_slaclock c CROSS JOIN (VALUES (50), (75), (100), (150)) AS p(percent)
            WHERE NOT EXISTS (SELECT 1 FROM tickets_clockaction a WHERE a.clock_id = c.id)
            """
        )
        cursor.execute("ANALYZE tickets_ticket, tickets_slaclock, tickets_clockaction, tickets_ticketevent")
    write(f"tickets: {Ticket.objects.filter(title__startswith='Bench ticket').count()} bench tickets")


def bench_ticket_count() -> int:
    return Ticket.objects.filter(title__startswith="Bench ticket").count()


def shrink_to(count: int) -> None:
    """Remove bench tickets beyond the first ``count`` (so a run can measure a smaller size)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE doomed AS SELECT id FROM tickets_ticket "
            "WHERE title LIKE 'Bench ticket %%' ORDER BY id OFFSET %s",
            [count],
        )
        cursor.execute(
            "DELETE FROM tickets_clockaction WHERE clock_id IN "
            "(SELECT id FROM tickets_slaclock WHERE ticket_id IN (SELECT id FROM doomed))"
        )
        for table in ("tickets_slaclock", "tickets_ticketevent", "tickets_ticketmessage", "tickets_satisfactionrating"):
            cursor.execute(f"DELETE FROM {table} WHERE ticket_id IN (SELECT id FROM doomed)")  # noqa: S608 - fixed names
        cursor.execute(
            "DELETE FROM auditlog_logentry WHERE object_id IN (SELECT id FROM doomed) AND content_type_id = "
            "(SELECT id FROM django_content_type WHERE app_label = 'tickets' AND model = 'ticket')"
        )
        cursor.execute("DELETE FROM tickets_ticket WHERE id IN (SELECT id FROM doomed)")
        cursor.execute("DROP TABLE doomed")
        cursor.execute("ANALYZE tickets_ticket, tickets_slaclock, tickets_clockaction, tickets_ticketevent")
