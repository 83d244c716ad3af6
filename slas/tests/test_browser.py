"""End-to-end SLA journey in headless Chromium: a business-hours calendar with a split Monday,
Berlin's public holidays reviewed and imported, an agreement from the template, and the vendor
reading it in the portal."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from slas.models import Agreement, BusinessCalendar
from slas.tests.factories import round_the_clock_calendar
from vendors.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page: Page, prefix: str, n: int, name: str) -> Locator:
    return page.locator(f"[name='{prefix}-{n}-{name}']")


def _holiday_row(scope: Page | Locator, name: str) -> Locator:
    """The table row whose name cell is exactly ``name``."""
    page = scope.page if isinstance(scope, Locator) else scope
    return scope.locator("table tbody tr").filter(has=page.get_by_role("cell", name=name, exact=True))


def test_admin_sets_up_an_sla_and_the_vendor_reads_it(
    login, live_server, vendor, other_vendor, admin_user, vendor_user, shot
):
    round_the_clock_calendar("24x7 Berlin")
    contract = ContractFactory(vendor=vendor, reference="MIS-2024-017", start_date=dt.date(2025, 1, 1))
    ContractFactory(vendor=other_vendor, reference="OTH-2025-001")

    page = login(admin_user)
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="SLAs").click()
    nav.get_by_role("link", name="Business calendars").click()
    expect(page.get_by_role("heading", name="Business calendars")).to_be_visible()
    page.get_by_role("link", name="Add business calendar").click()
    expect(page.get_by_role("heading", name="Add business calendar")).to_be_visible()

    # Pre-filled with Monday to Friday 08:00-18:00, and two empty rows.
    for n in range(5):
        expect(_row(page, "windows", n, "start")).to_have_value("08:00")
        expect(_row(page, "windows", n, "end")).to_have_value("18:00")
    expect(_row(page, "windows", 5, "start")).to_have_value("")
    shot(page, "calendar-form-prefilled")

    # Monday becomes 08:00-12:00 and, in an empty row, 11:00-17:00: overlapping, refused.
    page.get_by_label("Name").fill("Radiology business hours")
    _row(page, "windows", 0, "end").fill("12:00")
    _row(page, "windows", 5, "weekday").select_option(label="Monday")
    _row(page, "windows", 5, "start").fill("11:00")
    _row(page, "windows", 5, "end").fill("17:00")
    # The other empty row is left as it is: an untouched row is ignored.
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("alert")).to_contain_text("Windows on Monday overlap.")
    expect(_row(page, "windows", 5, "start")).to_have_value("11:00")
    shot(page, "calendar-form-overlap")
    assert not BusinessCalendar.objects.filter(name="Radiology business hours").exists()

    # After lunch from 13:00: saved.
    _row(page, "windows", 5, "start").fill("13:00")
    page.get_by_role("button", name="Create").click()
    calendar = BusinessCalendar.objects.get(name="Radiology business hours")
    expect(page).to_have_url(f"{live_server.url}/sla/calendars/{calendar.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Business calendar “Radiology business hours” created.")
    windows = page.locator(".card").filter(has_text="Weekly windows").locator("tbody tr")
    expect(windows).to_have_count(6)
    expect(windows.nth(0)).to_have_text(re.compile(r"Monday\s*08:00\s*12:00"))
    expect(windows.nth(1)).to_have_text(re.compile(r"Monday\s*13:00\s*17:00"))
    expect(windows.nth(5)).to_have_text(re.compile(r"Friday\s*08:00\s*18:00"))
    assert [(w.weekday, w.start, w.end) for w in calendar.windows.all()][:2] == [
        (0, dt.time(8), dt.time(12)),
        (0, dt.time(13), dt.time(17)),
    ]
    shot(page, "calendar-detail")

    # Berlin's public holidays for 2026: reviewed, one left out, the rest added.
    page.get_by_label("Country").fill("DE")
    page.get_by_label("Subdivision").fill("BE")
    page.get_by_label("Years").fill("2026")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Import public holidays into Radiology business hours")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(10)
    good_friday = _holiday_row(page, "Good Friday")
    expect(good_friday).to_contain_text("2026-04-03")
    expect(good_friday).to_contain_text("New")
    expect(good_friday.get_by_role("checkbox")).to_be_checked()
    expect(_holiday_row(page, "Women's Day")).to_contain_text("2026-03-08")
    page.get_by_role("checkbox", name="Apply Second Day of Christmas").uncheck()
    shot(page, "holiday-import-review")
    page.get_by_role("button", name="Add the ticked holidays").click()

    expect(page).to_have_url(f"{live_server.url}/sla/calendars/{calendar.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("9 public holidays added to Radiology business hours.")
    holidays = page.locator(".card").filter(has_text="Holidays")
    expect(_holiday_row(holidays, "Good Friday")).to_contain_text("holidays DE-BE")
    expect(holidays).not_to_contain_text("Second Day of Christmas")
    assert calendar.holidays.count() == 9
    assert not calendar.holidays.filter(date=dt.date(2026, 12, 26)).exists()
    shot(page, "calendar-with-holidays")

    # A second look: what is in the calendar is marked and cannot be ticked again.
    page.get_by_label("Country").fill("DE")
    page.get_by_label("Subdivision").fill("BE")
    page.get_by_label("Years").fill("2026")
    page.get_by_role("button", name="Preview").click()
    expect(_holiday_row(page, "Good Friday")).to_contain_text("Already in the calendar")
    expect(_holiday_row(page, "Good Friday").get_by_role("checkbox")).to_be_disabled()
    expect(_holiday_row(page, "Second Day of Christmas")).to_contain_text("New")
    shot(page, "holiday-import-second-look")
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(f"{live_server.url}/sla/calendars/{calendar.pk}/")

    # An agreement for the contract, from the pre-filled template.
    nav.get_by_role("button", name="SLAs").click()
    nav.get_by_role("link", name="Agreements").click()
    page.get_by_role("link", name="Add agreement").click()
    expect(page.get_by_role("heading", name="Add agreement")).to_be_visible()
    page.get_by_label("Contract").select_option(label=f"{vendor.name} · MIS-2024-017")  # options name the vendor
    page.get_by_label("Name", exact=True).fill("Meridian PACS support SLA")
    page.get_by_label("Effective from").fill("2025-01-01")
    expect(page.get_by_label("Uptime target %")).to_have_value("99.900")
    expect(_row(page, "targets", 0, "response")).to_have_value("15m")
    expect(_row(page, "targets", 0, "calendar").locator("option:checked")).to_have_text("24x7 Berlin")
    expect(_row(page, "targets", 2, "calendar").locator("option:checked")).to_have_text("Radiology business hours")
    expect(_row(page, "targets", 2, "resolution")).to_have_value("30h")
    expect(_row(page, "targets", 3, "resolution")).to_have_value("")
    expect(_row(page, "rules", 7, "threshold_percent")).to_have_value("150")
    expect(_row(page, "rules", 7, "raise_tier_to")).to_have_value("on_site")
    shot(page, "agreement-form-prefilled")
    # The two empty rule rows are left untouched and ignored.
    page.get_by_role("button", name="Create").click()

    agreement = Agreement.objects.get(contract=contract)
    expect(page).to_have_url(f"{live_server.url}/sla/agreements/{agreement.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Agreement “MIS-2024-017 v1” created.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meridian PACS support SLA")
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    targets = page.locator(".card").filter(has_text="Targets per severity").locator("tbody tr")
    expect(targets).to_have_count(4)
    expect(targets.nth(0)).to_have_text(re.compile(r"P1 critical\s*15m\s*1h\s*4h\s*24x7 Berlin"))
    expect(targets.nth(2)).to_have_text(re.compile(r"P3 medium\s*4h\s*10h\s*30h\s*Radiology business hours"))
    expect(targets.nth(3)).to_have_text(re.compile(r"P4 low\s*10h\s*50h\s*—\s*Radiology business hours"))
    path = page.locator(".card").filter(has_text="Escalation path").locator("tbody tr")
    expect(path).to_have_count(8)
    expect(path.nth(0)).to_have_text(re.compile(r"Response\s*50 %\s*notify the assignee"))
    expect(path.nth(1)).to_contain_text("breach")
    expect(path.nth(3)).to_have_text(re.compile(r"Status update\s*100 %"))
    expect(path.nth(7)).to_have_text(
        re.compile(
            r"Resolution\s*150 %\s*notify the assignee; vendor escalation level 4; hospital admins; "
            r"raise the tier to on-site"
        )
    )
    shot(page, "agreement-detail")
    assert agreement.targets.count() == 4
    assert agreement.escalation_rules.count() == 8

    # The vendor's user reads the SLA in the portal.
    page = login(vendor_user)
    portal_nav = page.locator("#portalnav")
    portal_nav.get_by_role("button", name="Service level").click()
    portal_nav.get_by_role("link", name="SLAs").click()
    expect(page).to_have_url(f"{live_server.url}/portal/sla/")
    expect(page.get_by_role("heading", name="Service-level agreements")).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_text(re.compile(r"Meridian PACS support SLA\s*version 1"))
    expect(main).to_contain_text("from 2025-01-01, open-ended")
    targets = main.locator(".card").filter(has_text="Targets per severity").locator("tbody tr")
    expect(targets.filter(has_text="P1 critical")).to_contain_text("15m")
    expect(main).to_contain_text("Escalation path")
    expect(main).not_to_contain_text("OTH-2025-001")
    shot(page, "portal-sla")
