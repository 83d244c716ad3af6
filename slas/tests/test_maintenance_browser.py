"""Maintenance windows end to end in headless Chromium: a vendor announces Sunday work in the
portal and subscribes to the calendar; a hospital admin sees the compliance of past work,
refuses a rejection without a reason, approves, records an overrun; the feed a person copies
from the page opens as a calendar."""

import datetime as dt
import re
import urllib.request

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in
from slas.models import MaintenanceWindow
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import PAST_SUNDAY, berlin, next_sunday, sla_with_sunday_window
from vendors.tests.factories import ComponentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)


def test_a_vendor_announces_and_the_hospital_approves_and_subscribes(
    login, live_server, browser: Browser, vendor, other_vendor, vendor_user, admin_user, shot, settings
):
    settings.SITE_URL = live_server.url
    sla_with_sunday_window(vendor)
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="DC1")
    ComponentFactory(vendor=vendor, name="Diagnostic Viewer", site="")
    ComponentFactory(vendor=other_vendor, name="Viewer cluster", site="")
    # History: a compliant Sunday, one announced 20 h ahead, one to record as overrunning.
    maintenance_for(vendor, title="Security updates", planned_start=berlin(PAST_SUNDAY, 1), duration=3 * H)
    maintenance_for(
        vendor,
        title="Emergency patch",
        planned_start=berlin(PAST_SUNDAY + dt.timedelta(weeks=1), 1),
        duration=2 * H,
        announced_at=berlin(PAST_SUNDAY + dt.timedelta(weeks=1), 1) - 20 * H,
    )
    overrun = maintenance_for(
        vendor, title="Database upgrade", planned_start=berlin(PAST_SUNDAY + dt.timedelta(weeks=2), 1), duration=3 * H
    )
    maintenance_for(
        other_vendor, title="Viewer release", planned_start=berlin(next_sunday(3), 2), announced_at=timezone.now()
    )

    # --- the vendor announces Sunday work in the portal ------------------------------------
    page = login(vendor_user)
    page.get_by_role("navigation").get_by_role("link", name="Maintenance").click()
    expect(page.get_by_role("heading", name="Maintenance windows")).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Viewer release")
    page.get_by_role("link", name="Announce maintenance").click()
    expect(page.get_by_role("main")).to_contain_text("Your SLA asks for 48 h written notice")
    sunday = next_sunday()
    page.get_by_label("Title").fill("Archive controller firmware")
    page.get_by_label("Planned start").fill(f"{sunday:%Y-%m-%d}T01:00")
    page.get_by_label("Planned end").fill(f"{sunday:%Y-%m-%d}T04:00")
    expect(page.get_by_label("Components")).not_to_contain_text("Viewer cluster")
    page.get_by_label("Components").select_option(label="Enterprise Archive (DC1)")
    page.get_by_label("Description").fill("Controller firmware 7.2; images stay readable from the VNA.")
    shot(page, "portal-announce")
    page.get_by_role("button", name="Announce").click()
    announced = MaintenanceWindow.objects.get(title="Archive controller firmware")
    expect(page).to_have_url(f"{live_server.url}/portal/maintenance/{announced.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("It awaits the hospital's approval.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Awaiting approval")
    expect(page.get_by_test_id("compliance")).to_contain_text("Compliant")
    expect(page.get_by_test_id("planned")).to_contain_text(f"{sunday:%Y-%m-%d} 01:00 – {sunday:%Y-%m-%d} 04:00")
    shot(page, "portal-detail")
    assert (announced.state, list(announced.components.all())) == (State.PROPOSED, [archive])

    page.get_by_role("link", name="Maintenance", exact=True).first.click()
    page.get_by_role("button", name="Make my calendar link").click()
    feed_input = page.get_by_test_id("feed-panel").locator("input[data-copy-source]")
    expect(feed_input).to_have_count(1)
    expect(feed_input).to_have_value(re.compile(rf"/sla/maintenance/feed/[\w-]+/vendor/{vendor.pk}\.ics$"))
    shot(page, "portal-list-with-feed")
    with urllib.request.urlopen(feed_input.input_value()) as response:  # noqa: S310 - the live test server
        calendar = Calendar.from_ical(response.read())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Meridian Imaging Systems: Archive controller firmware (awaiting approval)" in summaries
    assert not any("Viewer release" in summary for summary in summaries)

    # --- the hospital admin reviews ---------------------------------------------------------
    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    nav = admin.get_by_role("navigation")
    nav.get_by_role("button", name="SLAs").click()
    nav.get_by_role("link", name="Maintenance").click()
    expect(admin.get_by_role("heading", name="Maintenance windows")).to_be_visible()
    rows = admin.locator("table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.filter(has_text="Emergency patch")).to_contain_text("Breaks contract")
    expect(rows.filter(has_text="Security updates")).to_contain_text("Compliant")
    expect(rows.filter(has_text="Archive controller firmware")).to_contain_text("Awaiting approval")
    shot(admin, "hospital-list")
    admin.get_by_role("link", name="Record maintenance").click()
    expect(admin.get_by_role("heading", name="Record a maintenance window")).to_be_visible()
    components = admin.get_by_label("Components").locator("option")
    expect(components).to_have_count(0)  # until a vendor is chosen
    admin.get_by_label("Vendor").select_option(label=other_vendor.name)
    expect(components).to_have_text(["Viewer cluster"])  # that vendor's only
    shot(admin, "hospital-form")
    admin.go_back()

    # A rejection needs a reason; then the window is approved instead.
    rows.filter(has_text="Archive controller firmware").get_by_role("link", name="Archive controller firmware").click()
    expect(admin.get_by_role("main")).to_contain_text("by Tobias Vendor")
    shot(admin, "hospital-detail-proposed")
    admin.get_by_role("button", name="Reject").click()
    expect(admin.locator("#div_id_note")).to_contain_text("Say why the window is rejected.")
    shot(admin, "hospital-reject-without-note")
    admin.get_by_role("button", name="Approve").click()
    expect(admin.get_by_role("alert")).to_contain_text("approved; the vendor has been told.")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Approved")
    announced.refresh_from_db()
    assert (announced.state, announced.decided_by) == (State.APPROVED, admin_user)

    # The database upgrade overran by 40 minutes: recorded, and counted as unplanned.
    admin.goto(f"{live_server.url}/sla/maintenance/{overrun.pk}/")
    admin.get_by_label("Actual start").fill("2026-03-15T01:00")
    admin.get_by_label("Actual end").fill("2026-03-15T04:40")
    admin.get_by_role("button", name="Save actual times").click()
    expect(admin.get_by_role("alert")).to_contain_text(f"Actual times of {overrun} saved.")
    compliance = admin.get_by_test_id("compliance")
    expect(compliance).to_contain_text("Breaks contract")
    expect(compliance).to_contain_text("Overran the planned end by 40 min.")
    expect(compliance.locator(".stat").nth(0)).to_have_text("180")
    expect(compliance.locator(".stat").nth(1)).to_have_text("40")
    shot(admin, "hospital-detail-overrun")

    # The hospital's own feed holds every vendor's windows.
    admin.goto(f"{live_server.url}/sla/maintenance/")
    admin.get_by_role("button", name="Make my calendar link").click()
    overall = admin.get_by_test_id("feed-panel").locator("input[data-copy-source]").first
    expect(overall).to_have_value(re.compile(r"/sla/maintenance/feed/[\w-]+\.ics$"))
    admin.get_by_text("One vendor only").click()
    shot(admin, "hospital-list-with-feed")
    with urllib.request.urlopen(overall.input_value()) as response:  # noqa: S310 - the live test server
        calendar = Calendar.from_ical(response.read())
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses["Meridian Imaging Systems: Archive controller firmware (approved)"] == "CONFIRMED"
    assert statuses["Other Vendor GmbH: Viewer release (approved)"] == "CONFIRMED"
    admin.close()
