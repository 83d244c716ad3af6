"""Backup and DR tests and lessons learned in headless Chromium, on the demo: the admin finds the
tests under Vendors with the overdue one flagged, opens the database restore with its partial run;
the vendor records a run of the overdue restore in the portal and it is no longer overdue; the
admin reads the rolled-back plan's lessons. Screenshots go to test-results/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from devtools.demo import operations as operations_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import RecoveryTest
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recovery_tests_and_lessons_on_the_demo(login, live_server, browser, shot) -> None:
    vendors_demo.seed(DemoSeeder())
    admin = HospitalAdminFactory(username="admin")
    meridian = VendorUserFactory(username="meridian", vendor=Vendor.objects.get(name="Meridian Imaging Systems"))
    VendorUserFactory(username="archivault", vendor=Vendor.objects.get(name="Archivault Health"))
    operations_demo.seed(DemoSeeder())
    overdue = RecoveryTest.objects.get(kind="restore_studies", vendor=meridian.vendor)

    page = login(admin)
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Backup and DR tests").click()
    expect(page.get_by_text("Overdue by", exact=False).first).to_be_visible()
    shot(page, "list")
    page.get_by_role("link", name="Restore the database").click()
    expect(page.get_by_text("The tape library read at half speed", exact=False)).to_be_visible()
    shot(page, "partial")
    page.get_by_role("navigation").get_by_role("button", name="Vendors").click()
    page.get_by_role("link", name="Lessons learned").click()
    page.get_by_role("link", name="Interface Engine 5.5", exact=False).click()
    expect(page.get_by_text("Ship 5.5.1 with the ACK handling fix", exact=False)).to_be_visible()
    shot(page, "lessons")

    context = browser.new_context()
    portal = context.new_page()
    browser_sign_in(portal, live_server.url, meridian)
    portal.goto(f"{live_server.url}/portal/recovery-tests/{overdue.pk}/")
    started = timezone.localtime(timezone.now() - datetime.timedelta(hours=5)).replace(second=0, microsecond=0)
    portal.get_by_label("Started").fill(f"{started:%Y-%m-%dT%H:%M}")
    portal.get_by_label("Restore complete").fill(f"{started + datetime.timedelta(hours=3):%Y-%m-%dT%H:%M}")
    portal.get_by_label("RPO achieved (minutes)").fill("20")
    portal.get_by_label("Result").select_option("success")
    portal.get_by_role("button", name="Record the run").click()
    expect(portal.get_by_text("recorded: success", exact=False)).to_be_visible()
    assert RecoveryTest.objects.get(pk=overdue.pk).next_due_on > timezone.localdate()
    shot(portal, "portal-recorded")
    context.close()
