"""Components over their life in headless Chromium: the admin finds the overview in the
Operations menu with the demo's flags, opens the archive, is told that a version going backwards
is a rollback, records it as one; the vendor records a bulletin in the portal. Screenshots go to
test-results/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from devtools.demo import operations as operations_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from vendors.models import Component

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lifecycle_from_the_overview_to_the_portal(login, live_server, browser, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    operations_demo.seed(DemoSeeder())
    archive = Component.objects.get(name="Enterprise Archive")

    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Component lifecycle").click()
    expect(page.get_by_role("heading", name="Component lifecycle")).to_be_visible()
    expect(page.get_by_text("Past end of support since").first).to_be_visible()
    shot(page, "overview")

    page.get_by_role("link", name="Enterprise Archive").click()
    expect(page.get_by_text("Worklist queries timed out after go-live")).to_be_visible()
    page.get_by_label("Version now running").fill("7.1")
    page.get_by_role("button", name="Record version change").click()
    expect(page.get_by_text("going backwards is a rollback")).to_be_visible()
    assert ComponentLifecycle.objects.get(component=archive).patch_level == "SP1"
    page.get_by_label("Kind").select_option("rollback")
    page.locator("#versions textarea[name=note]").fill("Archive queries slow after SP1.")
    page.get_by_role("button", name="Record version change").click()
    expect(page.get_by_text("Version change recorded.")).to_be_visible()
    assert VersionChange.objects.filter(component=archive, kind="rollback").count() == 2
    shot(page, "archive")

    vendor_user = VendorUserFactory(vendor=archive.vendor)
    context = browser.new_context()
    portal = context.new_page()
    browser_sign_in(portal, live_server.url, vendor_user)
    portal.goto(f"{live_server.url}/portal/lifecycle/")
    expect(portal.get_by_role("heading", name="Component lifecycle")).to_be_visible()
    portal.get_by_role("link", name="Modality Worklist Broker").click()
    portal.get_by_label("Reference").fill("MIS-SB-2026-010")
    portal.get_by_label("Title").fill("Weak ciphers on the HL7 port")
    portal.get_by_label("Severity").select_option("medium")
    portal.get_by_label("Released on").fill(f"{timezone.localdate() - datetime.timedelta(days=3):%Y-%m-%d}")
    portal.get_by_role("button", name="Record bulletin").click()
    expect(portal.get_by_text("Security bulletin recorded")).to_be_visible()
    assert SecurityBulletin.objects.filter(reference="MIS-SB-2026-010").exists()
    shot(portal, "portal")
    context.close()


def test_the_replacement_schedule_draws_its_timeline(login, live_server, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    operations_demo.seed(DemoSeeder())
    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Replacement schedule").click()
    expect(page.get_by_role("heading", name="Replacement schedule")).to_be_visible()
    expect(page.get_by_text("Five-year budget forecast")).to_be_visible()
    expect(page.get_by_text("past end of support without a planned replacement")).to_have_count(0)
    assert page.locator("#replacement-chart").evaluate("canvas => canvas.width > 0 && !!Chart.getChart(canvas)")
    shot(page, "schedule")
