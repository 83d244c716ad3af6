"""A vendor's KPI dashboard in Chromium at 1366x768, in the hospital and in the portal: tiles in
areas with red and amber first, the trends of the KPIs on target folded away and drawn when
opened. Screenshots go to test-results/screenshots/."""

import pytest
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in
from kpis.services.samples import SampleInput, samples_ingest
from kpis.tests.test_dashboard import days_ago
from vendors.tests.factories import ComponentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LAPTOP = {"width": 1366, "height": 768}


def test_the_dashboard_in_areas_for_the_hospital_and_the_vendor(
    login, live_server, browser: Browser, page, admin_user, vendor, vendor_user, shot
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    samples_ingest(
        samples=[
            SampleInput(code, vendor.pk, days_ago(day), value, archive.pk)
            for day in (40, 20, 1)
            for code, value in (("retrieval_time", "3.6"), ("echo_latency", "25"), ("storage_used", "1200"))
        ],
        user=None,
        source="probe",
    )
    samples_ingest(
        samples=[
            SampleInput(code, vendor.pk, days_ago(day), value)
            for day in (40, 1)
            for code, value in (("uptime", "99.95"), ("satisfaction", "4.6"), ("failed_transfers", "0"))
        ],
        user=None,
        source="computed",
    )
    page.set_viewport_size(LAPTOP)
    login(admin_user)
    page.goto(f"{live_server.url}/kpis/dashboard/{vendor.pk}/")

    areas = page.get_by_label("KPI areas")
    expect(areas.get_by_role("link")).to_have_text(
        ["Availability on target", "Performance 1 red", "Support on target", "Storage no target"]
    )
    performance = page.locator("#area-performance")
    expect(performance.locator(".card .stat-label").first).to_have_text("Image retrieval time")
    expect(page.get_by_test_id("uptime-explained")).to_be_visible()
    # The red KPI's trend is drawn; the others wait folded until asked for.
    expect(performance.locator("> .row canvas")).to_have_count(1)
    folded = performance.locator("details")
    expect(folded.locator("canvas")).to_have_count(2)
    folded.locator("summary").click()
    box = folded.locator("canvas").first.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "hospital")

    portal = browser.new_page(viewport=LAPTOP)
    browser_sign_in(portal, live_server.url, vendor_user)
    portal.goto(f"{live_server.url}/portal/kpis/")
    expect(portal.get_by_label("KPI areas").get_by_role("link")).to_have_count(4)
    expect(portal.get_by_test_id("uptime-explained")).to_be_visible()
    assert portal.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(portal, "portal")
