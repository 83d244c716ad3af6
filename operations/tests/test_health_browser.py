"""Health assessments in headless Chromium, on the demo: the admin finds them under Vendors with
the overdue archive flagged and opens it (its results and findings); the vendor's engineer records
the overdue assessment in the portal, a check per row, and it is no longer overdue; the admin sees
the findings in the action register. Screenshots go to test-results/screenshots/."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from devtools.demo import operations as operations_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import HealthAssessment
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_health_assessments_on_the_demo(login, live_server, browser, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    meridian = VendorUserFactory(username="meridian", vendor=Vendor.objects.get(name="Meridian Imaging Systems"))
    operations_demo.seed(DemoSeeder())
    overdue = HealthAssessment.objects.get(component__name="Enterprise Archive")

    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Health assessments").click()
    expect(page.get_by_text("Overdue by", exact=False).first).to_be_visible()
    shot(page, "list")
    page.get_by_role("link", name="Archive quarterly health check").click()
    expect(page.get_by_text("Study index 38% fragmented")).to_be_visible()
    shot(page, "archive")
    page.goto(f"{live_server.url}/governance/actions/")
    expect(page.get_by_text("Rebuild the study index", exact=False)).to_be_visible()
    shot(page, "register")

    context = browser.new_context()
    portal = context.new_page()
    browser_sign_in(portal, live_server.url, meridian)
    portal.goto(f"{live_server.url}/portal/health/{overdue.pk}/")
    portal.get_by_label("Performed on").fill(f"{timezone.localdate():%Y-%m-%d}")
    portal.get_by_label("Engineer").fill("Lukas Brandt")
    for check in overdue.template.check_list:
        portal.get_by_label(check, exact=True).select_option("ok")
    portal.get_by_label(overdue.template.check_list[1], exact=True).select_option("attention")
    portal.get_by_label(f"Measurement: {overdue.template.check_list[1]}").fill("71% used on tier 1")
    shot(portal, "portal-form")
    portal.get_by_role("button", name="Record the assessment").click()
    expect(portal.get_by_text("Assessment of", exact=False).first).to_be_visible()
    assert HealthAssessment.objects.get(pk=overdue.pk).next_due_on > timezone.localdate()
    assert overdue.runs.count() == 3
    shot(portal, "portal-recorded")
    context.close()
