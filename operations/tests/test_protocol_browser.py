"""Test protocols in headless Chromium, on the demo: the admin finds the templates under Vendors
and opens one; the vendor starts the approved archive patch in the portal (after the admin's go),
records its cases, is refused the done while a mandatory case has not passed, then passes it and
records the done; the rolled-back plan shows its failed case and ticket. Screenshots go to
test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from devtools.demo import operations as operations_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import ChangePlan, PlanTestCase
from operations.services import plans as services
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_templates_and_a_protocol_run_in_the_portal(login, live_server, browser, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    meridian = VendorUserFactory(username="meridian", vendor=Vendor.objects.get(name="Meridian Imaging Systems"))
    VendorUserFactory(username="archivault", vendor=Vendor.objects.get(name="Archivault Health"))
    operations_demo.seed(DemoSeeder())
    upcoming = ChangePlan.objects.get(state="approved")
    for check in upcoming.checks.filter(signed_at__isnull=True):
        services.plan_check_sign(check=check, signed_by_name="Petra Lindqvist", by=admin)
    services.plan_decide_go(plan=upcoming, go=True, by=admin)

    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Test-protocol templates").click()
    expect(page.get_by_role("heading", name="Test-protocol templates")).to_be_visible()
    shot(page, "templates")
    page.get_by_role("link", name="DICOM query/retrieve").click()
    expect(page.get_by_text("C-MOVE of the test study to the diagnostic viewer")).to_be_visible()
    shot(page, "template")
    page.goto(f"{live_server.url}{ChangePlan.objects.get(state='rolled_back').get_absolute_url()}")
    expect(page.locator("#protocol").get_by_text("1 failed")).to_be_visible()
    page.locator("#protocol").scroll_into_view_if_needed()
    shot(page, "rolled-back")

    context = browser.new_context()
    portal = context.new_page()
    browser_sign_in(portal, live_server.url, meridian)
    portal.goto(f"{live_server.url}/portal/change-plans/{upcoming.pk}/")
    portal.get_by_role("button", name="Start the change now").click()
    protocol = portal.locator("#protocol")
    expect(protocol.get_by_role("button", name="Record")).to_have_count(7)
    for _ in range(6):
        protocol.locator("form:has(select option[selected][value='not_run'])").first.get_by_role(
            "combobox"
        ).select_option("pass")
        protocol.locator("form:has(select option[selected][value='not_run'])").first.get_by_role(
            "button", name="Record"
        ).click()
    expect(protocol.get_by_text("1 mandatory not passed")).to_be_visible()
    portal.get_by_role("button", name="Record the outcome").click()
    expect(portal.get_by_text("Not done while mandatory test cases have not passed")).to_be_visible()
    shot(portal, "portal-refused")
    last = protocol.locator("form:has(select option[selected][value='not_run'])").first
    last.get_by_role("combobox").select_option("pass")
    last.get_by_role("button", name="Record").click()
    expect(protocol.get_by_text("every mandatory case passed")).to_be_visible()
    portal.get_by_role("button", name="Record the outcome").click()
    expect(portal.get_by_text("Done:")).to_be_visible()
    assert ChangePlan.objects.get(pk=upcoming.pk).state == "done"
    assert not upcoming.test_cases.exclude(result=PlanTestCase.Result.PASS).exists()
    shot(portal, "portal-done")
    context.close()
