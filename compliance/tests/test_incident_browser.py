"""A security incident end to end in headless Chromium: a vendor reports it in the portal and sees
the clocks; the hospital admin sees ours counting down, records the authority's notification and
closes it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in
from compliance.models import SecurityIncident
from compliance.tests.factories import incident_for, terms_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vendor_reports_an_incident_and_the_admin_works_its_clocks(
    login, live_server, browser: Browser, vendor, other_vendor, vendor_user, admin_user, shot
):
    terms_for(vendor, breach_notification_hours=24)
    incident_for(other_vendor, title="Another vendor's incident")
    incident_for(vendor, title="Late report of last week", aware_hours_ago=40, reported=False)

    # --- the vendor reports ------------------------------------------------------------------
    page = login(vendor_user)
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="Our account").click()
    nav.get_by_role("link", name="Security incidents").click()
    expect(page.get_by_role("heading", name="Security incidents")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Another vendor's incident")
    page.get_by_role("link", name="Report an incident").click()
    page.get_by_label("Title").fill("Support VPN account misused")
    page.get_by_label("Kind").select_option("unauthorised_access")
    page.get_by_label("Severity").select_option("high")
    page.get_by_label("Description").fill("Sign-ins from an unknown country on our support VPN account.")
    noticed = timezone.localtime(timezone.now() - dt.timedelta(hours=3))
    page.get_by_label("Vendor aware").fill(f"{noticed + dt.timedelta(hours=6):%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Report to the hospital").click()
    expect(page.get_by_text("This instant is in the future.")).to_be_visible()
    page.get_by_label("Vendor aware").fill(f"{noticed:%Y-%m-%dT%H:%M}")
    shot(page, "portal-report")
    page.get_by_role("button", name="Report to the hospital").click()
    expect(page.get_by_text("reported to the hospital")).to_be_visible()
    expect(page.locator("#clock-vendor")).to_contain_text("Met")
    expect(page.locator("#clock-regulator")).to_contain_text("left")
    page.get_by_label("Update").fill("Account disabled; logs exported to the forensics team.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.get_by_text("Account disabled; logs exported")).to_be_visible()
    shot(page, "portal-incident")
    incident = SecurityIncident.objects.get(title="Support VPN account misused")

    # --- the hospital admin ----------------------------------------------------------------
    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    admin.goto(f"{live_server.url}/compliance/incidents/")
    expect(admin.get_by_role("link", name="Support VPN account misused")).to_be_visible()
    expect(admin.locator("main")).to_contain_text("Breached")
    shot(admin, "hospital-list")
    admin.get_by_role("link", name="Support VPN account misused").click()
    expect(admin.locator("#clock-regulator")).to_contain_text("Running")
    regulator = admin.locator("#clock-regulator")
    regulator.get_by_label("Authority's reference").fill("DPA-2026-0999")
    regulator.get_by_role("button", name="Authority told").click()
    expect(admin.locator("#clock-regulator")).to_contain_text("Met")
    expect(admin.locator("#clock-regulator")).to_contain_text("DPA-2026-0999")
    shot(admin, "hospital-incident")
    admin.get_by_label("Root cause").fill("Password reuse on the support VPN account")
    admin.get_by_role("button", name="Close with this root cause").click()
    expect(admin.get_by_text("Incident closed.")).to_be_visible()
    incident.refresh_from_db()
    assert (incident.status, incident.authority_reference) == ("closed", "DPA-2026-0999")
