"""Availability against the database (slas/selectors/availability.py): the issue's acceptance month worked
out by hand, per-component figures, incidents the vendor is not answerable for, degraded time,
months in progress, agreement versions, ticket-based credits from real breached clocks, and a
query count that does not grow with the history."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.months import month_bounds, previous_months
from slas import defaults
from slas.models import Agreement, CreditBand, DegradedCounting, Impact, Incident, MaintenanceWindow
from slas.selectors.availability import (
    maintenance_outcomes,
    month_availability,
    monthly_availability,
)
from slas.services.agreements import agreement_new_version
from slas.tests.factories import agreement_for, incident_for, maintenance_for
from tickets.models import SlaClock
from tickets.services import tickets as lifecycle
from vendors.models import Component, Contract, Vendor
from vendors.tests.factories import ComponentFactory

BERLIN = ZoneInfo("Europe/Berlin")
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
OCTOBER = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def percent(up_minutes: int | Decimal, measured_minutes: int | Decimal) -> Decimal:
    """The exact uptime (Decimal division is correctly rounded: same fraction, same digits)."""
    return Decimal(up_minutes) * 100 / Decimal(measured_minutes)


@pytest.fixture
def set_now(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Pin ``timezone.now()`` (default: 5 November 2026, after the October of the tests)."""
    pinned = [berlin(2026, 11, 5, 12)]
    monkeypatch.setattr(timezone, "now", lambda: pinned[0])

    def set_to(value: dt.datetime) -> None:
        pinned[0] = value

    return set_to


@pytest.fixture
def agreement(contract: Contract, set_now: Callable) -> Agreement:
    """The template SLA (99.9 %, half-weighted degraded time, 48 h notice) with maintenance
    allowed on Sundays 00:00-06:00 Berlin; the contract's fee is 100,000.00 EUR a year."""
    agreement = agreement_for(contract)
    agreement.maintenance_calendar = defaults.maintenance_window_calendar(name="Sunday 00:00-06:00")
    agreement.save()
    return agreement


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Archive")


@pytest.fixture
def viewer(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Viewer")


def acceptance_month(vendor: Vendor, components: list[Component] | None = None) -> None:
    """An approved Sunday maintenance 00:00-04:00 (announced six days ahead) that ran to 04:40,
    and a Tuesday outage 10:00-12:00 on ``components`` (a new component if none)."""
    maintenance_for(
        vendor,
        title="Archive firmware upgrade",
        planned_start=berlin(2026, 10, 11, 0),  # Sunday
        duration=4 * H,
        announced_at=berlin(2026, 10, 5, 0),  # six days ahead
        state=MaintenanceWindow.State.APPROVED,
        actual_start=berlin(2026, 10, 11, 0),
        actual_end=berlin(2026, 10, 11, 4, 40),
    )
    incident_for(
        vendor,
        title="Archive unreachable",
        started_at=berlin(2026, 10, 13, 10),  # Tuesday
        ended_at=berlin(2026, 10, 13, 12),
        components=components,
    )


# --- the acceptance scenario ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_acceptance_month_as_computed_by_hand(vendor: Vendor, agreement: Agreement, archive: Component) -> None:
    acceptance_month(vendor, [archive])
    # October 2026 has 31 days and clocks go back on Sunday 25 October: 31 × 1,440 + 60 = 44,700
    # minutes.
    # The Sunday 11 October maintenance was approved, announced six days ahead (48 h needed) and
    # planned 00:00-04:00, inside the allowed Sunday 00:00-06:00: those 240 minutes are excluded.
    # It ended at 04:40: the 40 minutes past its planned end are unplanned downtime.
    # Tuesday 13 October 10:00-12:00: 120 minutes of unplanned downtime.
    # Measured: 44,700 - 240 = 44,460 minutes; downtime 40 + 120 = 160 minutes.
    # Uptime = (44,460 - 160) / 44,460 = 44,300 / 44,460 = 99.6401 %, below the 99.9 % target.
    # Budget: 0.1 % of 44,460 = 44.46 minutes, all of it used (115.54 minutes over).
    # Credit: 99.5 <= 99.64 < 99.9 → 5 % of 100,000 / 12 = 8,333.33 → 416.67 EUR.
    availability = month_availability(vendor.pk, OCTOBER)
    figures = availability.figures
    assert figures.period == 44_700 * M
    assert figures.excluded == 240 * M
    assert figures.down == 160 * M
    assert figures.downtime == 160 * M
    assert figures.measured == 44_460 * M
    assert figures.uptime_percent == percent(44_300, 44_460)
    assert round(figures.uptime_percent, 4) == Decimal("99.6401")
    assert availability.target_percent == Decimal("99.900")
    assert availability.meets_target is False
    assert availability.budget == dt.timedelta(seconds=44.46 * 60)
    assert availability.budget_remaining == dt.timedelta(0)
    assert availability.budget_overrun == dt.timedelta(seconds=115.54 * 60)
    assert not availability.is_partial
    # Two outages (the overrun and Tuesday's): MTTR 80 minutes, MTBF (44,460 - 160) / 2 = 22,150.
    assert figures.outages == 2
    assert figures.mttr == 80 * M
    assert figures.mtbf == 22_150 * M
    credit = availability.credit
    assert (credit.availability_percent, credit.ticket_percent, credit.percent) == (5, 0, 5)
    assert (credit.monthly_fee, credit.amount, credit.currency) == (Decimal("8333.33"), Decimal("416.67"), "EUR")
    assert [line.description for line in credit.lines] == ["Uptime 99.640 % is below 99.9 %: 5 % credit."]
    # The maintenance is shown with what it broke.
    (outcome,) = maintenance_outcomes(vendor.pk, *month_bounds(OCTOBER))
    assert outcome.assessment.problems == ["Overran the planned end by 40 min."]


@pytest.mark.django_db
def test_the_budget_of_a_month_is_its_real_length(vendor: Vendor, agreement: Agreement) -> None:
    # No downtime at all: the whole budget is left. March 2026 loses an hour (44,580 minutes:
    # 44.58 allowed), October gains one (44,700: 44.70 allowed).
    march, october = monthly_availability(vendor.pk, [dt.date(2026, 3, 1), OCTOBER])
    assert march.budget_remaining == dt.timedelta(seconds=44.58 * 60)
    assert october.budget_remaining == dt.timedelta(seconds=44.70 * 60)
    assert march.figures.uptime_percent == october.figures.uptime_percent == 100


# --- components, attribution, degraded time -----------------------------------------------


@pytest.mark.django_db
def test_an_incident_on_one_component_does_not_lower_another(
    vendor: Vendor, agreement: Agreement, archive: Component, viewer: Component
) -> None:
    acceptance_month(vendor, [archive])
    archive_month = month_availability(vendor.pk, OCTOBER, component_id=archive.pk)
    viewer_month = month_availability(vendor.pk, OCTOBER, component_id=viewer.pk)
    # The maintenance names no component, so it applies to both: both exclude 240 minutes and
    # both carry its 40-minute overrun; only the archive had the Tuesday outage.
    assert (archive_month.figures.excluded, archive_month.figures.downtime) == (240 * M, 160 * M)
    assert (viewer_month.figures.excluded, viewer_month.figures.downtime) == (240 * M, 40 * M)
    assert viewer_month.figures.uptime_percent == percent(44_420, 44_460)


@pytest.mark.django_db
def test_maintenance_of_named_components_applies_to_those_only(
    vendor: Vendor, agreement: Agreement, archive: Component, viewer: Component
) -> None:
    window = maintenance_for(
        vendor,
        planned_start=berlin(2026, 10, 18, 1),
        duration=2 * H,
        announced_at=berlin(2026, 10, 10),
        actual_start=berlin(2026, 10, 18, 1),
        actual_end=berlin(2026, 10, 18, 3, 30),  # 30 minutes over
    )
    window.components.set([archive])
    archive_month = month_availability(vendor.pk, OCTOBER, component_id=archive.pk)
    viewer_month = month_availability(vendor.pk, OCTOBER, component_id=viewer.pk)
    assert (archive_month.figures.excluded, archive_month.figures.downtime) == (120 * M, 30 * M)
    assert (viewer_month.figures.excluded, viewer_month.figures.downtime) == (dt.timedelta(0), dt.timedelta(0))
    # The vendor as a whole has the archive's maintenance.
    assert month_availability(vendor.pk, OCTOBER).figures.excluded == 120 * M


@pytest.mark.django_db
def test_an_incident_on_several_components_counts_once_for_the_vendor(
    vendor: Vendor, agreement: Agreement, archive: Component, viewer: Component
) -> None:
    incident_for(
        vendor, started_at=berlin(2026, 10, 13, 10), ended_at=berlin(2026, 10, 13, 11), components=[archive, viewer]
    )
    # And another incident overlapping it by half an hour, on the viewer.
    incident_for(
        vendor, started_at=berlin(2026, 10, 13, 10, 30), ended_at=berlin(2026, 10, 13, 11, 30), components=[viewer]
    )
    assert month_availability(vendor.pk, OCTOBER).figures.downtime == 90 * M
    assert month_availability(vendor.pk, OCTOBER, component_id=archive.pk).figures.downtime == 60 * M
    assert month_availability(vendor.pk, OCTOBER, component_id=viewer.pk).figures.downtime == 90 * M


@pytest.mark.django_db
def test_incidents_the_vendor_is_not_answerable_for_are_left_out(
    vendor: Vendor, agreement: Agreement, archive: Component
) -> None:
    no = Incident.Attributable.NO
    incident_for(vendor, started_at=berlin(2026, 10, 6, 9), ended_at=berlin(2026, 10, 6, 13), vendor_attributable=no)
    disputed = Incident.Attributable.DISPUTED
    incident_for(
        vendor, started_at=berlin(2026, 10, 7, 9), ended_at=berlin(2026, 10, 7, 10), vendor_attributable=disputed
    )
    month = month_availability(vendor.pk, OCTOBER)
    assert month.figures.downtime == 60 * M  # the disputed hour counts until it is settled
    assert month.figures.uptime_percent == percent(44_640, 44_700)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("counting", "downtime_minutes"),
    [(DegradedCounting.FULL, 120), (DegradedCounting.HALF, 60), (DegradedCounting.NONE, 0)],
)
def test_degraded_time_counts_as_the_agreement_says(
    vendor: Vendor, agreement: Agreement, counting: str, downtime_minutes: int
) -> None:
    agreement.degraded_counting = counting
    agreement.save()
    # Prior studies slow for two hours on Tuesday 3 November; November has 43,200 minutes.
    started = berlin(2026, 11, 3, 9)
    incident_for(vendor, started_at=started, ended_at=started + 2 * H, impact=Impact.DEGRADED)
    month = month_availability(vendor.pk, NOVEMBER, now=berlin(2026, 12, 1))
    assert month.figures.degraded == 120 * M
    assert month.figures.downtime == downtime_minutes * M
    assert month.figures.uptime_percent == percent(43_200 - downtime_minutes, 43_200)


@pytest.mark.django_db
def test_down_during_degraded_counts_as_down(vendor: Vendor, agreement: Agreement) -> None:
    # Degraded 09:00-12:00, down 10:00-11:00 (half-weighted degraded): 60 + 120 / 2 = 120 minutes.
    incident_for(vendor, started_at=berlin(2026, 10, 6, 9), ended_at=berlin(2026, 10, 6, 12), impact=Impact.DEGRADED)
    incident_for(vendor, started_at=berlin(2026, 10, 6, 10), ended_at=berlin(2026, 10, 6, 11))
    figures = month_availability(vendor.pk, OCTOBER).figures
    assert (figures.down, figures.degraded, figures.downtime) == (60 * M, 120 * M, 120 * M)


@pytest.mark.django_db
def test_an_incident_across_the_month_end_counts_in_both_months(vendor: Vendor, agreement: Agreement) -> None:
    # Saturday 31 October 23:00 to Sunday 1 November 01:30: 60 minutes in October, 90 in November.
    incident_for(vendor, started_at=berlin(2026, 10, 31, 23), ended_at=berlin(2026, 11, 1, 1, 30))
    october, november = monthly_availability(vendor.pk, [OCTOBER, NOVEMBER], now=berlin(2026, 12, 1))
    assert (october.figures.downtime, november.figures.downtime) == (60 * M, 90 * M)


# --- months in progress and not begun --------------------------------------------------------


@pytest.mark.django_db
def test_a_month_in_progress_is_measured_until_now_with_the_whole_budget(
    vendor: Vendor, agreement: Agreement, set_now: Callable
) -> None:
    now = berlin(2026, 11, 15, 12)
    set_now(now)
    incident_for(vendor, started_at=berlin(2026, 11, 3, 9), ended_at=berlin(2026, 11, 3, 9, 10))
    incident_for(vendor, started_at=berlin(2026, 11, 15, 11, 30))  # still open: 30 minutes so far
    month = month_availability(vendor.pk, NOVEMBER)
    # 1 November 00:00 to 15 November 12:00: 14.5 days = 20,880 minutes, 40 of them down.
    assert month.is_partial
    assert month.measured_until == now
    assert month.figures.period == 20_880 * M
    assert month.figures.downtime == 40 * M
    assert month.figures.uptime_percent == percent(20_840, 20_880)
    # The budget is the whole month's: 0.1 % of 43,200 = 43.2 minutes; 3.2 left.
    assert month.budget == dt.timedelta(seconds=43.2 * 60)
    assert month.budget_remaining == dt.timedelta(seconds=3.2 * 60)
    # An hour later the open incident has grown.
    set_now(now + H)
    assert month_availability(vendor.pk, NOVEMBER).figures.downtime == 100 * M


@pytest.mark.django_db
def test_a_month_not_begun_has_no_availability(vendor: Vendor, agreement: Agreement) -> None:
    with pytest.raises(ValueError, match="2026-12 has not begun yet"):
        month_availability(vendor.pk, dt.date(2026, 12, 1), now=berlin(2026, 11, 30, 23, 59))
    # Of several months, those not begun are left out.
    months = monthly_availability(vendor.pk, previous_months(dt.date(2026, 12, 1), 3), now=berlin(2026, 11, 15))
    assert [m.start.date() for m in months] == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]


@pytest.mark.django_db
def test_without_an_agreement_there_is_uptime_but_no_target_or_credit(vendor: Vendor, set_now: Callable) -> None:
    incident_for(vendor, started_at=berlin(2026, 10, 13, 10), ended_at=berlin(2026, 10, 13, 11))
    month = month_availability(vendor.pk, OCTOBER)
    assert month.figures.uptime_percent == percent(44_640, 44_700)
    assert (month.agreement, month.target_percent, month.budget, month.credit) == (None, None, None, None)
    assert month.meets_target is None


# --- agreement versions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_month_uses_the_agreement_version_in_force(vendor: Vendor, agreement: Agreement) -> None:
    # From October 2026 the contract's version 2 targets 99.5 % and drops the 99.9 % band, and
    # counts degraded time in full.
    version_2 = agreement_new_version(agreement=agreement, effective_from=OCTOBER)
    version_2.uptime_target_percent = Decimal("99.5")
    version_2.degraded_counting = DegradedCounting.FULL
    version_2.save()
    CreditBand.objects.filter(agreement=version_2, below_percent=Decimal("99.9")).delete()
    # One hour down and one hour degraded in each month.
    for month in (9, 10):
        incident_for(vendor, started_at=berlin(2026, month, 8, 9), ended_at=berlin(2026, month, 8, 10))
        started = berlin(2026, month, 9, 9)
        incident_for(vendor, started_at=started, ended_at=started + H, impact=Impact.DEGRADED)
    september, october = monthly_availability(vendor.pk, [dt.date(2026, 9, 1), OCTOBER])
    # September (43,200 minutes), version 1: 60 + 30 = 90 minutes, 99.7917 % < 99.9 → 5 %.
    assert september.agreement == agreement
    assert september.figures.downtime == 90 * M
    assert september.figures.uptime_percent == percent(43_110, 43_200)
    assert (september.target_percent, september.meets_target, september.credit.percent) == (Decimal("99.900"), False, 5)
    # October (44,700 minutes), version 2: 60 + 60 = 120 minutes, 99.7315 % ≥ 99.5 → nothing.
    assert october.agreement == version_2
    assert october.figures.downtime == 120 * M
    assert october.figures.uptime_percent == percent(44_580, 44_700)
    assert (october.target_percent, october.meets_target, october.credit.percent) == (Decimal("99.5"), True, 0)


# --- ticket-based credits from real tickets ----------------------------------------------------


def p1_ticket(vendor: Vendor, opened: dt.datetime, responded: dt.datetime, resolved: dt.datetime) -> None:
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Archive down", at=opened)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=responded)
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=resolved)


@pytest.mark.django_db
def test_missed_p1_targets_of_real_tickets_earn_ticket_credits(
    vendor: Vendor, agreement: Agreement, archive: Component
) -> None:
    acceptance_month(vendor, [archive])
    # P1 targets: response 15 minutes, restore 4 hours, 24x7.
    # Tuesday 13 October 10:05: answered at 10:30 (due 10:20) and restored at 15:00 (due 14:05).
    p1_ticket(vendor, berlin(2026, 10, 13, 10, 5), berlin(2026, 10, 13, 10, 30), berlin(2026, 10, 13, 15))
    # Wednesday 14 October: answered late (due 09:15), restored in time.
    p1_ticket(vendor, berlin(2026, 10, 14, 9), berlin(2026, 10, 14, 9, 20), berlin(2026, 10, 14, 11))
    # In time on both counts.
    p1_ticket(vendor, berlin(2026, 10, 20, 9), berlin(2026, 10, 20, 9, 10), berlin(2026, 10, 20, 12))
    # A late P2 answer earns nothing under the template; a late P1 in September belongs to September.
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="HL7 slow", at=berlin(2026, 10, 21, 9))
    lifecycle.ticket_respond(ticket=ticket, by=None, at=berlin(2026, 10, 21, 11))
    p1_ticket(vendor, berlin(2026, 9, 29, 9), berlin(2026, 9, 29, 10), berlin(2026, 9, 29, 12))
    # Five response and restore targets missed in all (each P1 also missed its hourly status
    # update, which earns nothing under the template either).
    breached = SlaClock.objects.filter(state=SlaClock.State.BREACHED)
    assert breached.filter(metric__in=["response", "resolution"]).count() == 5
    assert breached.filter(metric="update").count() == 4

    credit = month_availability(vendor.pk, OCTOBER).credit
    # 5 % for the uptime, 2 missed P1 responses × 2 % and 1 missed P1 restore × 1 %: 10 % of
    # 8,333.33 = 833.333 → 833.33 EUR.
    assert (credit.availability_percent, credit.ticket_percent, credit.percent) == (5, 5, 10)
    assert credit.amount == Decimal("833.33")
    assert [line.description for line in credit.lines] == [
        "Uptime 99.640 % is below 99.9 %: 5 % credit.",
        "1 missed P1 critical resolution target × 1 %.",
        "2 missed P1 critical response targets × 2 %.",
    ]
    # Ticket credits are the vendor's, not a component's.
    assert month_availability(vendor.pk, OCTOBER, component_id=archive.pk).credit.ticket_percent == 0


# --- queries -----------------------------------------------------------------------------------


def queries_for_a_year(vendor_id: int, now: dt.datetime) -> int:
    months = previous_months(dt.date(2026, 10, 1), 12)
    monthly_availability(vendor_id, months, now=now)  # warm the calendar cache
    with CaptureQueriesContext(connection) as context:
        result = monthly_availability(vendor_id, months, now=now)
    assert len(result) == 12
    return len(context)


@pytest.mark.django_db
def test_a_year_of_availability_costs_the_same_queries_however_long_the_history(
    vendor: Vendor, agreement: Agreement, archive: Component, viewer: Component
) -> None:
    now = berlin(2026, 11, 5)

    def add_history(count: int) -> None:
        for n in range(count):
            started = berlin(2025, 11, 1) + dt.timedelta(hours=83 * n + 7)
            incident_for(vendor, started_at=started, ended_at=started + 35 * M, components=[archive, viewer])
            if n % 5 == 0:
                window = maintenance_for(
                    vendor,
                    planned_start=started + 2 * H,
                    duration=H,
                    announced_at=started - dt.timedelta(days=3),
                    actual_start=started + 2 * H,
                    actual_end=started + 3 * H + 10 * M,
                )
                window.components.set([archive])

    add_history(10)
    few = queries_for_a_year(vendor.pk, now)
    add_history(90)
    assert Incident.objects.count() == 100
    assert queries_for_a_year(vendor.pk, now) == few
