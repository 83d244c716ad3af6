"""The vendor access log of this site in headless Chromium: what a vendor user opens in the
portal shows on the hospital's access log with its answer, and both sides download the month's
access log as a PDF."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_what_a_vendor_user_opens_is_read_by_the_admin_and_downloaded_as_a_month(
    login, live_server, browser: Browser, vendor, vendor_user, admin_user, shot
):
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/remote-access/")
    page.goto(f"{live_server.url}/compliance/access-log/")  # the hospital's page: not found, and logged
    page.goto(f"{live_server.url}/portal/reports/access-log/")
    expect(page.locator("main")).to_contain_text("Monthly access log (PDF)")
    shot(page, "portal-form")
    page.get_by_label("Month").fill(f"{timezone.localdate():%Y-%m}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(f"-access-log-{timezone.localdate():%Y-%m}.pdf")

    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    admin.goto(f"{live_server.url}/compliance/access-log/?vendor={vendor.pk}")
    main = admin.locator("main")
    expect(main).to_contain_text("GET /portal/remote-access/")
    expect(main).to_contain_text("GET /compliance/access-log/")
    expect(main).to_contain_text("Downloaded a file")
    expect(admin.locator(".badge.text-bg-warning", has_text="404")).to_be_visible()
    shot(admin, "hospital-access-log")
    admin.locator("#mainnav").get_by_role("button", name="Vendors").click()
    admin.get_by_role("link", name="Monthly access log (PDF)").click()
    admin.get_by_label("Vendor").select_option(str(vendor.pk))
    admin.get_by_label("Month").fill("2001-01")
    admin.get_by_role("button", name="Download PDF").click()
    expect(admin.locator("main")).to_contain_text("The access log is kept from")
    shot(admin, "hospital-form-error")
