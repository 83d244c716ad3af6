"""The tickets section: volumes, compliance, times, breaches, reopen rate and satisfaction of a
made-up October 2026 (the month the clocks go back in Europe/Berlin), computed by hand."""

import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from core.months import month_bounds
from reports.rendering import render_pdf
from reports.sections import tickets as section
from reports.sections.base import ReportPeriod
from reports.snapshot import snapshot_build
from slas.tests.factories import agreement_for
from tickets.models import Ticket
from tickets.services.ratings import ticket_rate
from tickets.services.tickets import ticket_open, ticket_reopen, ticket_resolve, ticket_respond
from vendors.models import Vendor
from vendors.tests.factories import ContractFactory

BERLIN = ZoneInfo("Europe/Berlin")
UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=BERLIN)
OCTOBER = datetime.date(2026, 10, 1)


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def period_of(vendor: Vendor, month: datetime.date = OCTOBER) -> ReportPeriod:
    start, end = month_bounds(month)
    return ReportPeriod(vendor_id=vendor.pk, month=month, start=start, end=end, now=NOW)


@pytest.fixture(autouse=True)
def _pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def sla(vendor: Vendor) -> None:
    """The template SLA: P1 15 min / 1 h / 4 h and P2 1 h / 4 h / 8 h on 24x7; P3 and P4 in
    business hours (P4 has no resolution target)."""
    agreement_for(ContractFactory(vendor=vendor, start_date=datetime.date(2025, 1, 1)))


def opened(vendor: Vendor, severity: str, at: datetime.datetime, title: str, **details: object) -> Ticket:
    return ticket_open(vendor_id=vendor.pk, severity=severity, title=title, at=at, **details)


def respond(ticket: Ticket, at: datetime.datetime) -> Ticket:
    return ticket_respond(ticket=ticket, by=None, at=at)


def resolve(ticket: Ticket, at: datetime.datetime) -> Ticket:
    return ticket_resolve(ticket=ticket, by=None, at=at)


@pytest.fixture
def month(vendor: Vendor, other_vendor: Vendor, staff_user: object, sla: None) -> dict[str, Ticket]:
    """September and October of one vendor (and a ticket of another vendor that must not count).

    October, by hand:
    - A  P1 opened 5 Oct 10:00, answered after 10 min, resolved after 40 min: all three met.
    - B  P1 opened 12 Oct 09:00, answered 09:30 (response breached at 09:15), resolved 12:00
      (update breached at 10:30, resolution met after 3 h).
    - C  P2 opened 20 Oct 08:00, answered 08:20, 12:00, 15:30 (update met), resolved 17:00
      (resolution breached at 16:00), reopened 21 Oct 09:00, resolved again 10:00.
    - D  P1 opened 25 Oct 01:30 CEST, answered 02:40 CET: 130 real minutes across the change to
      winter time (response breached at 01:45 CEST); left open.
    - E  P3 on-site opened 1 Oct 01:00 CEST (still 30 Sep in UTC); left open.
    - F  P2 opened 30 Sep 23:30, answered 1 Oct 00:10 and resolved 01:00: September's ticket,
      October's outcomes.
    - H  P1 opened 31 Oct 23:30 CET; left open.
    - I  P4 opened 1 Nov 00:10 CET (still 31 Oct in UTC): November's.
    - J  P4 opened 28 Oct 10:00, answered 10:30, resolved 2 Nov: open at the end of October.
    September: F opened; G (P1, met throughout) and G2 (P1, response breached) opened and resolved.
    """
    tickets = {}
    tickets["A"] = opened(vendor, "P1", local(10, 5, 10), "Worklist empty")
    respond(tickets["A"], local(10, 5, 10, 10))
    resolve(tickets["A"], local(10, 5, 10, 40))
    tickets["B"] = opened(vendor, "P1", local(10, 12, 9), "Archive unreachable")
    respond(tickets["B"], local(10, 12, 9, 30))
    resolve(tickets["B"], local(10, 12, 12))
    tickets["C"] = opened(vendor, "P2", local(10, 20, 8), "Priors missing")
    for answer in (local(10, 20, 8, 20), local(10, 20, 12), local(10, 20, 15, 30)):
        respond(tickets["C"], answer)
    resolve(tickets["C"], local(10, 20, 17))
    ticket_reopen(ticket=tickets["C"], by=None, at=local(10, 21, 9), reason="Back again")
    resolve(tickets["C"], local(10, 21, 10))
    tickets["D"] = opened(vendor, "P1", datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "Viewer crashes")
    respond(tickets["D"], datetime.datetime(2026, 10, 25, 1, 40, tzinfo=UTC))
    tickets["E"] = opened(vendor, "P3", local(10, 1, 1), "Slow hanging protocols", tier="on_site")
    tickets["F"] = opened(vendor, "P2", local(9, 30, 23, 30), "HL7 feed stalled")
    respond(tickets["F"], local(10, 1, 0, 10))
    resolve(tickets["F"], local(10, 1, 1))
    tickets["H"] = opened(vendor, "P1", local(10, 31, 23, 30), "Night shift cannot log in")
    tickets["I"] = opened(vendor, "P4", local(11, 1, 0, 10), "Typo in the viewer menu")
    tickets["J"] = opened(vendor, "P4", local(10, 28, 10), "Export to CD slow")
    respond(tickets["J"], local(10, 28, 10, 30))
    resolve(tickets["J"], local(11, 2, 10))
    tickets["G"] = opened(vendor, "P1", local(9, 10, 10), "Study stuck in queue")
    respond(tickets["G"], local(9, 10, 10, 5))
    resolve(tickets["G"], local(9, 10, 11))
    tickets["G2"] = opened(vendor, "P1", local(9, 15, 10), "Router lost its rules")
    respond(tickets["G2"], local(9, 15, 10, 30))
    resolve(tickets["G2"], local(9, 15, 11))
    for name, score, at in (("A", 5, local(10, 6, 9)), ("B", 2, local(10, 13, 9)), ("F", 4, local(10, 2, 9))):
        ticket_rate(ticket=tickets[name], by=staff_user, score=score, at=at)
    ticket_rate(ticket=tickets["G"], by=staff_user, score=3, at=local(9, 11, 9))  # September's
    ticket_rate(ticket=tickets["C"], by=staff_user, score=1, at=local(11, 3, 9))  # November's
    agreement_for(ContractFactory(vendor=other_vendor, start_date=datetime.date(2025, 1, 1)))
    foreign = opened(other_vendor, "P1", local(10, 7, 10), "Someone else's outage")
    respond(foreign, local(10, 7, 11))
    return tickets


def by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


@pytest.mark.django_db
def test_volumes_count_opened_resolved_and_open_at_month_end(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    assert (data["opened"], data["resolved"], data["open_at_end"]) == (7, 4, 4)
    severities = by(data["by_severity"], "severity")
    assert [severities[s]["opened"] for s in ("P1", "P2", "P3", "P4")] == [4, 1, 1, 1]
    assert [severities[s]["resolved"] for s in ("P1", "P2", "P3", "P4")] == [2, 2, 0, 0]
    assert [severities[s]["open_at_end"] for s in ("P1", "P2", "P3", "P4")] == [2, 0, 1, 1]
    assert severities["P1"]["label"] == "P1 critical"
    tiers = by(data["by_tier"], "tier")
    assert (tiers["help_desk"]["opened"], tiers["remote_diagnostics"]["opened"], tiers["on_site"]["opened"]) == (
        6,
        0,
        1,
    )
    assert tiers["on_site"]["open_at_end"] == 1


@pytest.mark.django_db
def test_compliance_counts_each_clock_in_the_month_its_outcome_fell_in(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    # Responses: A, C, F, J met; B, D breached. Updates: A, C, F met; B breached.
    # Resolutions: A, B, F met; C breached.
    assert data["response_compliance_percent"] == "66.7"
    assert data["update_compliance_percent"] == "75.0"
    assert data["resolution_compliance_percent"] == "75.0"
    rows = by(data["compliance"], "severity")
    assert rows["P1"]["response"] == {"met": 1, "breached": 2, "percent": "33.3"}
    assert rows["P1"]["update"] == {"met": 1, "breached": 1, "percent": "50.0"}
    assert rows["P1"]["resolution"] == {"met": 2, "breached": 0, "percent": "100.0"}
    assert rows["P2"]["response"] == {"met": 2, "breached": 0, "percent": "100.0"}
    assert rows["P2"]["resolution"] == {"met": 1, "breached": 1, "percent": "50.0"}
    assert rows["P3"]["response"] == {"met": 0, "breached": 0, "percent": None}
    assert rows["P4"]["response"] == {"met": 1, "breached": 0, "percent": "100.0"}
    assert rows["P4"]["resolution"]["percent"] is None  # P4 has no resolution target
    assert rows[None]["label"] == "All severities"
    assert rows[None]["response"] == {"met": 4, "breached": 2, "percent": "66.7"}


@pytest.mark.django_db
def test_breaches_are_listed_in_the_order_they_happened(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    assert data["breach_count"] == data["breaches_total"] == 4
    listed = [(row["ticket_id"], row["metric"]) for row in data["breaches"]]
    b, c, d = month["B"].pk, month["C"].pk, month["D"].pk
    assert listed == [(b, "response"), (b, "update"), (c, "resolution"), (d, "response")]
    first = data["breaches"][0]
    assert first == {
        "ticket_id": b,
        "title": "Archive unreachable",
        "severity": "P1",
        "metric": "response",
        "metric_label": "Response",
        "due_at": "2026-10-12T09:15:00+02:00",
        "breached_at": "2026-10-12T09:15:00+02:00",
    }
    # D breached at 01:45 summer time, before the clocks went back.
    assert data["breaches"][3]["breached_at"] == "2026-10-25T01:45:00+02:00"


@pytest.mark.django_db
def test_breach_list_is_capped_but_counted_in_full(
    vendor: Vendor, month: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(section, "BREACHES_SHOWN", 2)

    data = section.build(period_of(vendor), {})

    assert len(data["breaches"]) == 2
    assert data["breaches_total"] == data["breach_count"] == 4


@pytest.mark.django_db
def test_median_and_p90_are_wall_clock_minutes(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    rows = by(data["times"], "severity")
    # Responses in October (minutes): A 10, B 30, C 20, D 130, F 40, J 30.
    assert rows[None]["response"] == {"tickets": 6, "median_minutes": "30.0", "p90_minutes": "85.0"}
    assert rows["P1"]["response"] == {"tickets": 3, "median_minutes": "30.0", "p90_minutes": "110.0"}
    assert rows["P2"]["response"] == {"tickets": 2, "median_minutes": "30.0", "p90_minutes": "38.0"}
    assert rows["P3"]["response"] == {"tickets": 0, "median_minutes": None, "p90_minutes": None}
    # Resolutions in October: A 40, B 180, C 1560 (to its second resolution), F 90.
    assert rows[None]["resolution"] == {"tickets": 4, "median_minutes": "135.0", "p90_minutes": "1146.0"}
    assert rows["P1"]["resolution"] == {"tickets": 2, "median_minutes": "110.0", "p90_minutes": "166.0"}
    assert rows["P2"]["resolution"] == {"tickets": 2, "median_minutes": "825.0", "p90_minutes": "1413.0"}


@pytest.mark.django_db
def test_reopen_rate_and_satisfaction(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    # Resolutions: A, B, C twice, F; C reopened once.
    assert data["reopen"] == {"resolved_events": 5, "reopened_events": 1, "percent": "20.0"}
    satisfaction = data["satisfaction"]
    assert (satisfaction["ratings"], satisfaction["mean"]) == (3, "3.67")
    assert [(row["score"], row["count"], row["percent"]) for row in satisfaction["distribution"]] == [
        (1, 0, "0.0"),
        (2, 1, "33.3"),
        (3, 0, "0.0"),
        (4, 1, "33.3"),
        (5, 1, "33.3"),
    ]


@pytest.mark.django_db
def test_previous_month_figures_for_the_summary(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    # September: F, G, G2 opened; G's response met, G2's breached; both resolutions met.
    assert data["previous"] == {
        "month": "2026-09",
        "opened": 3,
        "response_compliance_percent": "50.0",
        "resolution_compliance_percent": "100.0",
    }
    september = section.build(period_of(vendor, datetime.date(2026, 9, 1)), {})
    assert september["opened"] == data["previous"]["opened"]
    assert september["response_compliance_percent"] == data["previous"]["response_compliance_percent"]
    assert september["resolution_compliance_percent"] == data["previous"]["resolution_compliance_percent"]


@pytest.mark.django_db
def test_months_are_the_hospitals_across_daylight_saving_changes(vendor: Vendor, sla: None) -> None:
    # 1 Oct 00:30 CEST is 30 Sep in UTC; 1 Nov 00:30 CET is 31 Oct in UTC.
    opened(vendor, "P4", local(10, 1, 0, 30), "First of October, local time")
    opened(vendor, "P4", local(11, 1, 0, 30), "First of November, local time")
    # Spring forward: 29 Mar 01:30 CET to 03:10 CEST is 40 real minutes (100 on the wall).
    spring = opened(vendor, "P1", local(3, 29, 1, 30), "Spring forward")
    respond(spring, local(3, 29, 3, 10))

    october = section.build(period_of(vendor), {})
    march = section.build(period_of(vendor, datetime.date(2026, 3, 1)), {})

    assert october["opened"] == 1
    assert by(october["by_severity"], "severity")["P4"]["open_at_end"] == 1
    assert by(march["times"], "severity")["P1"]["response"]["median_minutes"] == "40.0"
    assert march["response_compliance_percent"] == "0.0"  # 40 minutes against 15


@pytest.mark.django_db
def test_an_empty_month_has_zeros_and_no_percentages(vendor: Vendor) -> None:
    data = section.build(period_of(vendor), {})

    assert (data["opened"], data["resolved"], data["open_at_end"], data["breach_count"]) == (0, 0, 0, 0)
    assert data["response_compliance_percent"] is None
    assert data["resolution_compliance_percent"] is None
    assert data["previous"]["opened"] == 0
    assert data["previous"]["response_compliance_percent"] is None
    assert data["satisfaction"] == {
        "ratings": 0,
        "mean": None,
        "distribution": [{"score": score, "count": 0, "percent": None} for score in range(1, 6)],
    }
    assert section.charts_of(data) == {}
    page = render_to_string(section.TEMPLATE, {"data": data, "charts": {}, "title": section.TITLE, "snapshot": {}})
    assert "No tickets were opened, resolved or open this month." in page
    assert "No SLA clock was breached this month." in page
    assert "No satisfaction ratings were given this month." in page


def busy_month(vendor: Vendor, rater: object, count: int, first_day: int) -> None:
    """``count`` tickets in October, each answered, resolved (some late) and rated."""
    for number in range(count):
        at = local(10, first_day + number % 5, 9) + datetime.timedelta(minutes=number)
        ticket = opened(vendor, ("P1", "P2")[number % 2], at, f"Busy ticket {number}")
        respond(ticket, at + datetime.timedelta(minutes=5 + 10 * (number % 3)))
        resolve(ticket, at + datetime.timedelta(hours=2 + 3 * (number % 4)))
        ticket_rate(ticket=ticket, by=rater, score=1 + number % 5, at=at + datetime.timedelta(days=1))


def queries_of_build(vendor: Vendor) -> int:
    with CaptureQueriesContext(connection) as context:
        section.build(period_of(vendor), {})
    return len(context)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_tickets(vendor: Vendor, staff_user: object, sla: None) -> None:
    busy_month(vendor, staff_user, 3, first_day=2)
    few = queries_of_build(vendor)
    busy_month(vendor, staff_user, 27, first_day=10)
    data = section.build(period_of(vendor), {})

    assert data["opened"] == 30
    assert data["breach_count"] > 0
    assert queries_of_build(vendor) == few
    assert few == 7  # tickets, clocks, breaches, events, ratings; last month: opened, clocks


def only_plain_types(value: object) -> bool:
    if type(value) is dict:
        return all(type(key) is str and only_plain_types(item) for key, item in value.items())
    if type(value) is list:
        return all(only_plain_types(item) for item in value)
    return type(value) in (str, int, bool, type(None))


@pytest.mark.django_db
def test_data_is_json_safe_and_the_charts_are_svg(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})

    assert json.loads(json.dumps(data)) == data
    assert only_plain_types(data)  # no Decimal, datetime or str enum
    drawn = section.charts_of(data)
    assert set(drawn) == {"volumes", "compliance"}
    assert all(svg.startswith("<svg") and svg.rstrip().endswith("</svg>") for svg in drawn.values())
    assert section.charts_of(json.loads(json.dumps(data))) == drawn  # drawn from the data alone


@pytest.mark.django_db
def test_template_shows_the_figures(vendor: Vendor, month: dict) -> None:
    data = section.build(period_of(vendor), {})
    snapshot = {"agreements": [], "sections": {"tickets": data}}

    page = render_to_string(
        section.TEMPLATE,
        {"data": data, "charts": section.charts_of(data), "title": section.TITLE, "snapshot": snapshot},
    )

    assert '<section class="report-section" id="section-tickets">' in page
    assert "<h2>Support tickets</h2>" in page
    assert "66.7 %" in page
    assert "75.0 %" in page  # a computed share to one decimal, like its neighbours
    assert f"#{month['B'].pk}" in page
    assert "Archive unreachable" in page
    assert "2026-10-25 01:45" in page  # D's breach, in hospital time
    assert "1 h 50 min" in page  # p90 of P1 responses: 110 minutes
    assert "mean score <strong>3.67</strong>" in page
    assert "<svg" in page


def pdf_text(snapshot: dict) -> str:
    """The text of the snapshot's PDF, with single spaces where the layout wraps lines."""
    reader = PdfReader(io.BytesIO(render_pdf(snapshot).content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.django_db
def test_the_pdf_carries_the_snapshots_ticket_figures(vendor: Vendor, month: dict) -> None:
    snapshot, _ = snapshot_build(vendor, OCTOBER, now=NOW)
    data = snapshot["sections"]["tickets"]

    assert data == section.build(period_of(vendor), {})
    assert snapshot["sections"]["summary"]["response_compliance_percent"] == "66.7"
    text = pdf_text(snapshot)
    assert "Support tickets" in text
    assert "66.7 %" in text
    assert f"#{month['B'].pk} Archive unreachable P1 Response 2026-10-12 09:15 2026-10-12 09:15" in text
    assert "2026-10-25 01:45" in text
    assert "3 ratings this month, mean score 3.67 out of 5." in text
