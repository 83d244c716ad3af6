"""Service credits end to end in headless Chromium: an agreement's credit terms from the template,
a month computed on demand after an outage, the claim, the vendor's dispute in the portal, the
hospital's answer, the vendor's acknowledgement and the credit applied to an invoice."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from slas import defaults
from slas.models import Agreement, CreditStatement
from slas.tests.factories import incident_for, office_calendar, round_the_clock_calendar
from vendors.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_service_credits(page: Page) -> None:
    nav = page.locator("#mainnav")
    nav.get_by_role("button", name="SLAs").click()
    nav.get_by_role("link", name="Service credits").click()


def test_a_credit_is_computed_claimed_disputed_answered_acknowledged_and_applied(
    login, live_server, vendor, admin_user, vendor_user, shot
):
    office_calendar("Radiology business hours")
    round_the_clock_calendar("24x7 Berlin")
    defaults.maintenance_window_calendar(name="Sunday maintenance window")
    contract = ContractFactory(vendor=vendor, reference="MIS-2024-017", start_date=dt.date(2025, 1, 1))
    start = dt.datetime(2025, 3, 11, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday
    incident_for(vendor, title="Archive down", started_at=start, ended_at=start + dt.timedelta(hours=2))

    # The agreement from the template, with its credit terms.
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/agreements/add/?contract={contract.pk}")
    page.get_by_label("Name", exact=True).fill("Meridian PACS support SLA")
    page.get_by_label("Effective from").fill("2025-01-01")
    expect(page.get_by_role("heading", name="Availability and service credits")).to_be_visible()
    expect(page.get_by_label("Maintenance calendar")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("[name='bands-0-below_percent']")).to_have_value("99.9")
    expect(page.locator("[name='bands-3-credit_percent']")).to_have_value("25")
    expect(page.locator("[name='ticket_credits-0-credit_percent']")).to_have_value("2")
    page.get_by_label("Claim deadline (days)").fill("14")
    page.locator("#credit-terms").scroll_into_view_if_needed()
    shot(page, "agreement-form-credit-terms")
    page.get_by_role("button", name="Create").click()
    agreement = Agreement.objects.get(contract=contract)
    expect(page).to_have_url(f"{live_server.url}/sla/agreements/{agreement.pk}/")
    terms = page.locator(".card").filter(has_text="Availability and service credits")
    expect(terms).to_contain_text("48 h written notice; allowed Sunday 00:00-06:00")
    expect(terms).to_contain_text("14 days after the month ends")
    expect(page.locator("#credit-bands tbody tr")).to_have_count(4)
    expect(page.locator("#ticket-credit-rules tbody tr").first).to_have_text(
        re.compile(r"P1 critical\s*Response\s*2 %")
    )
    shot(page, "agreement-detail-credit-terms")

    # No statements yet: the page says how they come about.
    _open_service_credits(page)
    expect(page.get_by_role("heading", name="Service credits")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("No credit statements yet.")
    shot(page, "credits-empty")

    # March 2025 computed now: a two-hour outage is 99.7308 %, below 99.9 %: 5 % of the monthly fee.
    page.get_by_role("main").get_by_role("link", name="Compute a month").click()
    expect(page.get_by_role("heading", name="Compute a month")).to_be_visible()
    page.get_by_label("Vendor").select_option(label=vendor.name)
    page.get_by_label("Month").fill("2025-03")
    shot(page, "credits-compute")
    page.get_by_role("button", name="Compute").click()
    statement = CreditStatement.objects.get()
    expect(page).to_have_url(f"{live_server.url}/sla/credits/{statement.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(
        "Computed for 2025-03: Meridian Imaging Systems (416.67 EUR owed)."
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("99.730 %")
    expect(main).to_contain_text("Target missed")
    expect(page.locator("#credit-lines tbody tr")).to_have_text(
        [re.compile(r"availability\s*Uptime 99.730 % is below 99.9 %: 5 % credit.\s*5 %")]
    )
    expect(main).to_contain_text(re.compile(r"Claim by\s*2025-04-14 overdue"))  # 14 days after March, long past
    expect(page.locator("#credit-next-step")).to_contain_text("The claim deadline has passed")
    shot(page, "credit-owed")

    page.get_by_label("Note to the vendor (optional)").fill("Archive outage of 11 March, 2 hours.")
    page.get_by_role("button", name="Claim from the vendor").click()
    expect(page.get_by_role("alert")).to_contain_text("Credit claimed from Meridian Imaging Systems")
    expect(page.locator("#credit-next-step")).to_contain_text("waiting for Meridian Imaging Systems")

    # The vendor disputes it in the portal.
    vendor_page = login(vendor_user)
    portal_nav = vendor_page.locator("#portalnav")
    portal_nav.get_by_role("button", name="Service level").click()
    portal_nav.get_by_role("link", name="Service credits").click()
    expect(vendor_page).to_have_url(f"{live_server.url}/portal/credits/")
    rows = vendor_page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("416.67 EUR (5 %)")
    expect(rows.first).to_contain_text("Claimed")
    shot(vendor_page, "portal-credits")
    rows.first.get_by_role("link", name="2025-03").click()
    expect(vendor_page.get_by_role("heading", level=1)).to_contain_text("Service credit: March 2025")
    vendor_page.get_by_role("button", name="Dispute").click()  # without a reason: the browser asks for one
    expect(vendor_page.locator("#credit-next-step")).to_contain_text("Acknowledge it, or dispute it and say why.")
    vendor_page.get_by_label("Why do you dispute the credit?").fill(
        "Our monitoring shows the archive answering; the hospital's core switch failed."
    )
    shot(vendor_page, "portal-credit-dispute")
    vendor_page.get_by_role("button", name="Dispute").click()
    expect(vendor_page.get_by_role("alert")).to_contain_text("Dispute sent; the hospital will answer it here.")
    expect(vendor_page.locator("#credit-history")).to_contain_text("the hospital's core switch failed")
    statement.refresh_from_db()
    assert statement.state == CreditStatement.State.DISPUTED

    # The hospital answers; the claim stands.
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/credits/{statement.pk}/")
    expect(page.locator("#credit-next-step")).to_contain_text("disputes the credit")
    page.get_by_label("Answer to the vendor's reasons").fill("Our probes saw the archive itself refuse connections.")
    shot(page, "credit-disputed")
    page.get_by_role("button", name="Answer and uphold the claim").click()
    expect(page.get_by_role("alert")).to_contain_text("Dispute answered; the claim stands")

    # The vendor acknowledges.
    vendor_page = login(vendor_user)
    vendor_page.goto(f"{live_server.url}/portal/credits/{statement.pk}/")
    vendor_page.get_by_role("button", name="Acknowledge").click()
    expect(vendor_page.get_by_role("alert")).to_contain_text("Credit acknowledged")
    history = vendor_page.locator("#credit-history li")
    expect(history).to_have_count(5)
    expect(history.nth(2)).to_contain_text("Disputed by the vendor by Tobias Vendor")
    expect(history.nth(3)).to_contain_text("Dispute answered; claim upheld by Petra Admin")
    shot(vendor_page, "portal-credit-acknowledged")

    # The hospital applies it to an invoice; the ledger shows the month settled.
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/credits/{statement.pk}/")
    page.get_by_label("Invoice reference").fill("INV-2025-0412")
    page.get_by_role("button", name="Apply to invoice").click()
    expect(page.get_by_role("alert")).to_contain_text("Credit applied to invoice INV-2025-0412.")
    shot(page, "credit-applied")
    _open_service_credits(page)
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("2025-03")
    expect(row).to_contain_text("Applied to invoice")
    shot(page, "credits-ledger")
    statement.refresh_from_db()
    assert (statement.state, statement.invoice_reference) == (CreditStatement.State.APPLIED, "INV-2025-0412")
