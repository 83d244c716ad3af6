"""Remote access end to end in headless Chromium: a vendor engineer requests a session in the
portal, the hospital admin approves it, the engineer records its start and end, and the admin
finds it in the vendor access log."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in
from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.tests.factories import session_for
from vendors.tests.factories import ComponentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_session_is_requested_approved_used_and_logged(
    login, live_server, browser: Browser, vendor, other_vendor, vendor_user, admin_user, shot
):
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    session_for(
        vendor,
        engineer="Old unapproved",
        starts_in_hours=-5,
        change_link="",
        started_at=timezone.now() - 4 * dt.timedelta(hours=1),
    )
    session_for(other_vendor, engineer="Another vendor's engineer")

    # --- the vendor requests ------------------------------------------------------------------
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/remote-access/")
    expect(page.locator("main")).not_to_contain_text("Another vendor's engineer")
    expect(page.locator("main")).to_contain_text("Used without approval")
    page.get_by_role("link", name="Request remote access").click()
    page.get_by_label("Engineer").fill("Jonas Richter")
    page.get_by_label("Reason").fill("Rebuild the archive's index")
    page.get_by_label("Systems").select_option(str(archive.pk))
    page.get_by_label("Change link").fill("https://changes.hospital.example/CHG-1042")
    # Instants moved in UTC, then shown as local wall times: on a DST night, local arithmetic
    # could name an hour the clocks skip (which the form rightly refuses).
    start = (timezone.now() + dt.timedelta(minutes=30)).replace(second=0, microsecond=0)

    def local(instant: dt.datetime) -> str:
        return f"{timezone.localtime(instant):%Y-%m-%dT%H:%M}"

    page.get_by_label("Planned start").fill(local(start))
    page.get_by_label("Planned end").fill(local(start - dt.timedelta(hours=1)))
    page.get_by_role("button", name="Request").click()
    expect(page.get_by_text("The planned end must be after the planned start.")).to_be_visible()
    page.get_by_label("Planned end").fill(local(start + dt.timedelta(hours=2)))
    shot(page, "portal-request")
    page.get_by_role("button", name="Request").click()
    expect(page.get_by_text("Remote access requested")).to_be_visible()
    session = RemoteAccessSession.objects.get(engineer="Jonas Richter")

    # --- the admin approves ---------------------------------------------------------------
    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    admin.goto(f"{live_server.url}{session.get_absolute_url()}")
    admin.get_by_label("Approve").check()
    admin.get_by_role("button", name="Record the decision").click()
    expect(admin.get_by_text("Session approved.")).to_be_visible()

    # --- the engineer connects within the window --------------------------------------------
    RemoteAccessSession.objects.filter(pk=session.pk).update(
        planned_start=timezone.now() - dt.timedelta(hours=1), planned_end=timezone.now() + dt.timedelta(hours=1)
    )
    page.reload()
    page.get_by_label("From address").fill("10.8.0.7")
    page.get_by_role("button", name="Record the start").click()
    expect(page.get_by_text("Start recorded.")).to_be_visible()
    page.get_by_label("What was done").fill("Index rebuilt; no errors.")
    page.get_by_role("button", name="Record the end").click()
    expect(page.get_by_text("End recorded.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No flags")
    shot(page, "portal-session")

    # --- the admin reads the log ------------------------------------------------------------
    admin.goto(f"{live_server.url}/compliance/remote-access/?q=")
    expect(admin.locator("main")).to_contain_text("Used without approval")
    shot(admin, "hospital-sessions")
    admin.goto(f"{live_server.url}/compliance/access-log/?actor=Jonas")
    expect(admin.locator("main")).to_contain_text("Session started")
    expect(admin.locator("main")).to_contain_text("Index rebuilt; no errors.")
    shot(admin, "hospital-access-log")
    assert list(AccessLogEntry.objects.filter(session=session).values_list("action", "source_ip").order_by("pk")) == [
        ("session_start", "10.8.0.7"),
        ("session_end", "10.8.0.7"),
    ]
