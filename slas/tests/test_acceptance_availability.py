"""Issue 4's "Done when", tried in headless Chromium as a new hospital admin and a vendor user would.

October 2026 in Europe/Berlin, under the template SLA: 99.9 % target, credit bands below 99.9 %
5 % / below 99.5 % 10 % / below 99.0 % 15 % / below 98.0 % 25 % of the monthly fee, 48 h notice,
maintenance only Sunday 00:00-06:00; the contract's annual fee is 120,000.00 EUR.

By hand, from the contract:

- The month runs from Thu 1 Oct 00:00 CEST to Sun 1 Nov 00:00 CET. Clocks go back on Sun 25 Oct,
  so it lasts 31 x 24 h + 1 h = 745 h = 44,700 min.
- Maintenance Sun 11 Oct 00:00-04:00, announced Mon 5 Oct (six days ahead, 48 h needed), inside
  the Sunday window, approved: its 240 planned minutes are excluded. The work really ran
  00:00-04:40: the 40 min past the planned end count as unplanned downtime.
- Unplanned outage Tue 13 Oct 10:00-12:00, the archive down: 120 min.
- Downtime 40 + 120 = 160 min; measured time 44,700 - 240 = 44,460 min;
  uptime = (44,460 - 160) / 44,460 = 44,300 / 44,460 = 99.6401 %, shown cut to 99.640 %.
- 99.640 % is below 99.9 % but not below 99.5 %: the 5 % band. Monthly fee 120,000 / 12 =
  10,000.00 EUR; credit 5 % of it = 500.00 EUR.
- The downtime budget is 0.1 % of 44,460 min = 44.46 min: overrun.
- The feed's event is the plan in UTC: Sat 10 Oct 22:00Z to Sun 11 Oct 02:00Z (CEST is UTC+2),
  STATUS CONFIRMED since the hospital recorded (and so approved) it.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect

from slas import defaults
from slas.models import CreditStatement, Incident, MaintenanceWindow
from slas.tests.factories import agreement_for
from vendors.tests.factories import ComponentFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The admin does this in the first days of November 2026, when October is over but still
# within the calendar feed's year of history.
EARLY_NOVEMBER = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)


def _stat_card(page: Page, label: str) -> Locator:
    """The availability page's card whose label reads exactly ``label``."""
    return page.locator(".card-body").filter(has=page.locator(".stat-label", has_text=re.compile(rf"^\s*{label}\s*$")))


@time_machine.travel(EARLY_NOVEMBER, tick=True)
def test_sunday_overrun_and_tuesday_outage_give_the_hand_computed_uptime_and_credit(
    login, live_server, vendor, admin_user, vendor_user, shot, settings
) -> None:
    settings.SITE_URL = live_server.url  # feed URLs on the page point at the live server
    # What a PACS admin has before: the vendor, its portal user, the contract and its SLA, a component.
    contract = ContractFactory(
        vendor=vendor,
        reference="MIS-2024-017",
        start_date=dt.date(2025, 1, 1),
        annual_fee=Decimal("120000.00"),
        currency="EUR",
    )
    agreement = agreement_for(contract)
    agreement.maintenance_calendar = defaults.maintenance_window_calendar(name="Sunday 00:00-06:00")
    agreement.save()
    ComponentFactory(vendor=vendor, name="Enterprise Archive", site="DC1")

    # --- the admin records the Sunday maintenance, announced on Monday 5 October -------------
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/maintenance/add/")
    expect(page.get_by_role("heading", name="Record a maintenance window")).to_be_visible()
    page.get_by_label("Vendor").select_option(label=vendor.name)
    page.get_by_label("Title").fill("Archive database upgrade")
    page.get_by_label("Planned start").fill("2026-10-11T00:00")
    page.get_by_label("Planned end").fill("2026-10-11T04:00")
    page.get_by_label("Components").select_option(label="Enterprise Archive (DC1)")
    page.get_by_label("Announced at").fill("2026-10-05T09:00")
    page.get_by_label("Description").fill("Database engine 14 to 16; reading from the VNA stays available.")
    shot(page, "maintenance-form")
    page.get_by_role("button", name="Record window").click()
    window = MaintenanceWindow.objects.get(title="Archive database upgrade")
    expect(page).to_have_url(f"{live_server.url}/sla/maintenance/{window.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")
    expect(page.get_by_test_id("planned")).to_contain_text("2026-10-11 00:00 – 2026-10-11 04:00")
    expect(page.get_by_role("main")).to_contain_text("2026-10-05 09:00 by Petra Admin")

    # ... and, the next morning, when the work really ran: 40 minutes over.
    page.get_by_label("Actual start").fill("2026-10-11T00:00")
    page.get_by_label("Actual end").fill("2026-10-11T04:40")
    page.get_by_role("button", name="Save actual times").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Actual times of {window} saved.")
    compliance = page.get_by_test_id("compliance")
    expect(compliance).to_contain_text("Breaks contract")
    expect(compliance).to_contain_text("Overran the planned end by 40 min.")
    expect(compliance.locator(".stat").nth(0)).to_have_text("240")
    expect(compliance.locator(".stat").nth(1)).to_have_text("40")
    shot(page, "maintenance-overrun")

    # --- the Tuesday outage ------------------------------------------------------------------
    page.goto(f"{live_server.url}/sla/incidents/add/")
    page.locator("#id_vendor").select_option(label=vendor.name)
    components = page.get_by_label("Components")
    expect(components.locator("option")).to_have_count(1)  # loaded for the chosen vendor
    components.select_option(label="Enterprise Archive (DC1)")
    page.get_by_label("Title").fill("Archive unreachable from all modalities")
    page.get_by_label("Impact").select_option(label="Down")
    page.get_by_label("Started").fill("2026-10-13T10:00")
    page.get_by_label("Ended").fill("2026-10-13T12:00")
    page.get_by_label("Summary").fill("CT and MR could not store studies for two hours.")
    shot(page, "incident-form")
    page.get_by_role("button", name="Report incident").click()
    expect(page.locator(".alert-success")).to_contain_text("reported")
    incident = Incident.objects.get(vendor=vendor)
    assert (incident.impact, incident.ended_at - incident.started_at) == ("down", dt.timedelta(hours=2))

    # --- the availability page gives the hand-computed figures ---------------------------------
    page.goto(f"{live_server.url}/sla/availability/{vendor.pk}/?month=2026-10")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Availability of {vendor.name}")
    uptime = _stat_card(page, "Uptime")
    expect(uptime.locator(".stat")).to_have_text("99.640 %")
    expect(uptime).to_contain_text(re.compile(r"Target 99\.9(00)? %"))
    expect(uptime).to_contain_text("Below target")
    downtime = _stat_card(page, "Downtime")
    expect(downtime.locator(".stat")).to_have_text(re.compile(r"^\s*160\s*min\s*$"))
    expect(downtime).to_contain_text("2 outages · 240 min planned maintenance excluded")
    budget = _stat_card(page, "Downtime budget left")
    expect(budget).to_contain_text("160 of 44.5 min used")
    credit = _stat_card(page, "Service credit")
    expect(credit.locator(".stat")).to_have_text(re.compile(r"^\s*500\.00\s*EUR\s*$"))
    expect(credit).to_contain_text(re.compile(r"5 % of the monthly fee of 10,?000\.00 EUR"))
    expect(credit).to_contain_text("Uptime 99.640 % is below 99.9 %: 5 % credit.")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Archive unreachable from all modalities")
    expect(main).to_contain_text("Overran the planned end by 40 min.")
    shot(page, "availability-october")

    # --- the October statement, computed on demand and claimed ---------------------------------
    page.goto(f"{live_server.url}/sla/credits/")
    page.get_by_role("main").get_by_role("link", name="Compute a month").click()
    expect(page.get_by_role("heading", name="Compute a month")).to_be_visible()
    page.get_by_label("Vendor").select_option(label=vendor.name)
    page.get_by_label("Month").fill("2026-10")
    page.get_by_role("button", name="Compute").click()
    statement = CreditStatement.objects.get(vendor=vendor, month=dt.date(2026, 10, 1))
    expect(page).to_have_url(f"{live_server.url}/sla/credits/{statement.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(f"Computed for 2026-10: {vendor.name} (500.00 EUR owed).")
    main = page.get_by_role("main")
    expect(main).to_contain_text("99.640 %")
    expect(main).to_contain_text("Target missed")
    expect(main).to_contain_text("240 min of approved maintenance excluded")
    expect(main).to_contain_text("5 % of the monthly fee of 10,000.00 EUR")
    expect(page.locator("#credit-lines tbody tr")).to_have_text(
        [re.compile(r"availability\s*Uptime 99.640 % is below 99.9 %: 5 % credit.\s*5 %")]
    )
    expect(main).to_contain_text(re.compile(r"Claim by\s*2026-11-10"))  # 10 days after October
    assert (statement.downtime_minutes, statement.excluded_minutes) == (Decimal("160.0"), Decimal("240.0"))
    assert (statement.credit_percent, statement.credit_amount) == (Decimal("5.00"), Decimal("500.00"))
    shot(page, "statement-owed")
    page.get_by_label("Note to the vendor (optional)").fill("Overrun of 11 Oct and archive outage of 13 Oct.")
    page.get_by_role("button", name="Claim from the vendor").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Credit claimed from {vendor.name}")

    # --- the vendor disputes it in the portal --------------------------------------------------
    page = login(vendor_user)
    portal_nav = page.locator("#portalnav")
    portal_nav.get_by_role("button", name="Service level").click()
    portal_nav.get_by_role("link", name="Service credits").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("500.00 EUR (5 %)")
    expect(rows.first).to_contain_text("Claimed")
    rows.first.get_by_role("link", name="2026-10").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Service credit: October 2026")
    expect(page.get_by_role("main")).to_contain_text("99.640 %")
    reason = "The overrun was the hospital's late backup job holding database locks, not our upgrade."
    page.get_by_label("Why do you dispute the credit?").fill(reason)
    shot(page, "portal-dispute")
    page.get_by_role("button", name="Dispute").click()
    expect(page.get_by_role("alert")).to_contain_text("Dispute sent; the hospital will answer it here.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Disputed")
    expect(page.locator("#credit-history")).to_contain_text(reason)
    shot(page, "portal-disputed")
    statement.refresh_from_db()
    assert statement.state == CreditStatement.State.DISPUTED

    # --- the hospital sees the dispute in the statement's history ------------------------------
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/credits/{statement.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Disputed")
    dispute = page.locator("#credit-history li").filter(has_text="Disputed by the vendor")
    expect(dispute).to_contain_text("by Tobias Vendor")
    expect(dispute).to_contain_text(reason)
    expect(page.locator("#credit-next-step")).to_contain_text(f"{vendor.name} disputes the credit")
    shot(page, "statement-disputed")

    # --- the calendar link from the maintenance list opens as a calendar ------------------------
    page.goto(f"{live_server.url}/sla/maintenance/")
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_role("alert")).to_contain_text("Calendar link made.")
    feed_input = page.get_by_test_id("feed-panel").locator("input[data-copy-source]").first
    expect(feed_input).to_have_value(re.compile(r"/sla/maintenance/feed/[\w-]+\.ics$"))
    expect(page.get_by_test_id("feed-panel").locator("summary")).to_have_text("One vendor only (1 feed)")
    shot(page, "maintenance-list-feed")
    response = page.request.get(feed_input.input_value())
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == f"{vendor.name}: Archive database upgrade (approved)"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == dt.datetime(2026, 10, 10, 22, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 10, 11, 2, 0, tzinfo=dt.UTC)
    assert event["DTSTART"].to_ical() == b"20261010T220000Z"
