"""Upgrade and change plans in headless Chromium, on the demo: the admin finds the plans under
Vendors, opens the approved archive patch, is refused the go while items are open, signs them and
gives the go; the vendor sees the plan in the portal and drafts its next one. Screenshots go to
test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from devtools.demo import operations as operations_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import ChangePlan
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_from_the_list_to_its_go_and_the_portal(login, live_server, browser, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    meridian = VendorUserFactory(username="meridian", vendor=Vendor.objects.get(name="Meridian Imaging Systems"))
    VendorUserFactory(username="archivault", vendor=Vendor.objects.get(name="Archivault Health"))
    operations_demo.seed(DemoSeeder())
    upcoming = ChangePlan.objects.get(state="approved")

    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Upgrade and change plans").click()
    expect(page.get_by_role("heading", name="Upgrade and change plans")).to_be_visible()
    shot(page, "list")

    page.get_by_role("link", name=str(upcoming)).click()
    expect(page.get_by_text("3 items still open: no go until every item is signed.")).to_be_visible()
    shot(page, "approved")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("No go while items are open")).to_be_visible()
    for still_open in (2, 1, 0):
        page.locator("#checks").get_by_role("button", name="Sign").first.click()
        expect(page.locator("#checks").get_by_role("button", name="Sign")).to_have_count(still_open)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Go: the change may start in its window.")).to_be_visible()
    assert ChangePlan.objects.get(pk=upcoming.pk).state == "go"
    shot(page, "go")

    context = browser.new_context()
    portal = context.new_page()
    browser_sign_in(portal, live_server.url, meridian)
    portal.goto(f"{live_server.url}/portal/change-plans/")
    expect(portal.get_by_role("heading", name="Upgrade and change plans")).to_be_visible()
    portal.get_by_role("link", name=str(ChangePlan.objects.get(state="done"))).click()
    expect(portal.get_by_text("Success")).to_be_visible()
    shot(portal, "portal-done")
    context.close()
