"""Clock outcomes over a period: the hourly roll-up the database keeps (``ClockOutcomeHour``)
and ``selectors.clock_outcomes``, which sums it for whole hours and counts clocks at the edges.
Every write path is checked against a count of the clocks themselves."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q

from accounts.tests.factories import VendorUserFactory
from slas.models import Agreement
from tickets.models import ClockOutcomeHour, SlaClock, Ticket
from tickets.selectors import ClockOutcomes, clock_outcomes
from tickets.services import thread
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from tickets.tests.support import PinnedNow
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MIN = dt.timedelta(minutes=1)
FRIDAY_1655 = dt.datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)
# Periods that cut hours in different places: whole hours, part hours at either end, inside one hour.
PERIODS = [
    (dt.datetime(2026, 11, 1, tzinfo=BERLIN), dt.datetime(2027, 1, 1, tzinfo=BERLIN)),
    (FRIDAY_1655 + 3 * MIN, dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)),
    (FRIDAY_1655 + 7 * MIN, FRIDAY_1655 + 50 * MIN),
    (FRIDAY_1655, FRIDAY_1655 + 6 * MIN),
    (dt.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)),
]


def counted(vendor: Vendor, start: dt.datetime, end: dt.datetime) -> list[ClockOutcomes]:
    """The outcomes counted clock by clock: what the roll-up must always agree with."""
    decided = Q(state="met", met_at__gte=start, met_at__lt=end) | Q(
        state="breached", breached_at__gte=start, breached_at__lt=end
    )
    rows = (
        SlaClock.objects.filter(decided, ticket__vendor=vendor)
        .values_list("ticket__severity", "metric")
        .annotate(met=Count("pk", filter=Q(state="met")), breached=Count("pk", filter=Q(state="breached")))
        .order_by("ticket__severity", "metric")
    )
    return [ClockOutcomes(*row) for row in rows]


def rolled_up(vendor: Vendor) -> dict[tuple[str, str], tuple[int, int]]:
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for row in ClockOutcomeHour.objects.filter(vendor=vendor):
        met, breached = totals.get((row.severity, row.metric), (0, 0))
        totals[(row.severity, row.metric)] = (met + row.met, breached + row.breached)
    return {key: value for key, value in totals.items() if value != (0, 0)}


def assert_agrees(vendor: Vendor) -> None:
    for start, end in PERIODS:
        assert clock_outcomes(vendor.pk, start, end) == counted(vendor, start, end), (start, end)


def open_at(vendor: Vendor, at: dt.datetime, severity: str) -> Ticket:
    return lifecycle.ticket_open(vendor_id=vendor.pk, severity=severity, title="Priors do not load", at=at)


def test_replies_resolution_and_reopening_keep_the_roll_up_exact(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    engineer = VendorUserFactory(vendor=vendor)
    ticket = open_at(vendor, FRIDAY_1655, "P3")
    thread.ticket_reply(ticket=ticket, by=engineer, body="Looking into it.", at=FRIDAY_1655 + 5 * MIN)
    assert rolled_up(vendor) == {("P3", "response"): (1, 0)}
    assert_agrees(vendor)

    # Each later reply meets the update clock, which restarts at once: only the outcome of its
    # latest interval counts, and that interval is running.
    thread.ticket_reply(ticket=ticket, by=engineer, body="Index rebuild running.", at=FRIDAY_1655 + 40 * MIN)
    monday = dt.datetime(2026, 11, 30, 9, 10, tzinfo=BERLIN)
    thread.ticket_reply(ticket=ticket, by=engineer, body="Rebuilt.", at=monday)
    assert SlaClock.objects.get(ticket=ticket, metric="update").state == SlaClock.State.RUNNING
    assert rolled_up(vendor) == {("P3", "response"): (1, 0)}
    assert clock_outcomes(vendor.pk, *PERIODS[4]) == []
    assert_agrees(vendor)

    lifecycle.ticket_resolve(ticket=ticket, by=None, at=monday + 20 * MIN, summary="Index rebuilt")
    assert rolled_up(vendor) == {("P3", "response"): (1, 0), ("P3", "update"): (1, 0), ("P3", "resolution"): (1, 0)}
    assert clock_outcomes(vendor.pk, *PERIODS[4]) == [
        ClockOutcomes("P3", "resolution", 1, 0),
        ClockOutcomes("P3", "update", 1, 0),
    ]
    assert_agrees(vendor)

    # Reopening takes the resolution's met outcome back.
    lifecycle.ticket_reopen(ticket=ticket, by=None, at=monday + 60 * MIN, reason="Priors missing again")
    assert rolled_up(vendor) == {("P3", "response"): (1, 0), ("P3", "update"): (1, 0)}
    assert_agrees(vendor)


def test_a_severity_change_moves_decided_clocks_to_the_new_severity(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    ticket = open_at(vendor, FRIDAY_1655, "P3")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)

    lifecycle.ticket_change_severity(ticket=ticket, by=None, severity="P2", at=FRIDAY_1655 + 30 * MIN)

    assert rolled_up(vendor) == {("P2", "response"): (1, 0)}
    assert clock_outcomes(vendor.pk, *PERIODS[0]) == [ClockOutcomes("P2", "response", 1, 0)]
    assert_agrees(vendor)


def test_breaches_of_the_sweep_and_of_a_late_resolution_count_in_the_hour_they_were_due(
    now: PinnedNow, agreement: Agreement
) -> None:
    vendor = agreement.contract.vendor
    swept = open_at(vendor, FRIDAY_1655, "P1")
    late = open_at(vendor, FRIDAY_1655, "P1")
    lifecycle.ticket_respond(ticket=late, by=None, at=FRIDAY_1655 + 10 * MIN)
    lifecycle.ticket_resolve(ticket=late, by=None, at=dt.datetime(2026, 11, 27, 21, 0, tzinfo=BERLIN))

    sweep_due_actions(now=dt.datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN), ticket_ids=[swept.pk])

    assert SlaClock.objects.filter(ticket=swept, state="breached").count() == 2  # response and resolution
    due = SlaClock.objects.get(ticket=late, metric="resolution").breached_at
    hours = ClockOutcomeHour.objects.filter(vendor=vendor, metric="resolution", severity="P1")
    assert {(row.hour, row.breached) for row in hours} == {(due.replace(minute=0), 2)}
    assert rolled_up(vendor)[("P1", "resolution")] == (0, 2)
    assert_agrees(vendor)


def test_a_deleted_ticket_leaves_the_roll_up_and_another_vendor_is_apart(
    now: PinnedNow, agreement: Agreement, other_agreement: Agreement
) -> None:
    vendor, other = agreement.contract.vendor, other_agreement.contract.vendor
    kept = open_at(vendor, FRIDAY_1655, "P2")
    gone = open_at(vendor, FRIDAY_1655, "P2")
    elsewhere = open_at(other, FRIDAY_1655, "P2")
    for ticket in (kept, gone, elsewhere):
        lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)
    assert rolled_up(vendor) == {("P2", "response"): (2, 0)}

    gone.delete()

    assert rolled_up(vendor) == {("P2", "response"): (1, 0)}
    assert rolled_up(other) == {("P2", "response"): (1, 0)}
    assert_agrees(vendor)
    assert_agrees(other)


def test_outcomes_of_a_period_are_one_query_whatever_its_edges(
    now: PinnedNow, agreement: Agreement, django_assert_num_queries: object
) -> None:
    vendor = agreement.contract.vendor
    for minute in range(0, 120, 7):
        ticket = open_at(vendor, FRIDAY_1655, "P3")
        lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + minute * MIN)
    for start, end in PERIODS:
        with django_assert_num_queries(1):
            outcomes = clock_outcomes(vendor.pk, start, end)
        assert outcomes == counted(vendor, start, end)
    assert clock_outcomes(vendor.pk, *PERIODS[1]) == [ClockOutcomes("P3", "response", 17, 0)]
    with django_assert_num_queries(0):
        assert clock_outcomes(vendor.pk, FRIDAY_1655, FRIDAY_1655) == []
