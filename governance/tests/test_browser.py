"""The governance pages in Chromium, on the demo's data: a held meeting with its frozen agenda and
minutes, the next meeting's live agenda, the action register, and the portal's meeting page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import VendorUserFactory
from devtools.demo import accounts as accounts_demo
from devtools.demo import governance as governance_demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from governance.models import Meeting
from notifications.services.notify import silenced
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_meetings_minutes_and_the_register_in_the_hospital_ui_and_the_portal(
    login, live_server, page, admin_user, shot
):
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, governance_demo):
            module.seed(DemoSeeder())
    vendor = Vendor.objects.order_by("pk").first()
    held = Meeting.objects.get(vendor=vendor, status=Meeting.Status.STARTED)
    upcoming = Meeting.objects.filter(vendor=vendor, starts_at__gt=timezone.now()).order_by("starts_at").first()
    page.set_viewport_size({"width": 1366, "height": 900})

    login(admin_user)
    page.goto(f"{live_server.url}/governance/meetings/{held.pk}/")
    expect(page.locator("#agenda")).to_contain_text("Frozen")
    expect(page.locator("#decisions")).to_contain_text("rollback plan")
    expect(page.locator("#actions tbody tr")).to_have_count(3)
    shot(page, "held-meeting")
    page.goto(f"{live_server.url}/governance/meetings/{upcoming.pk}/")
    expect(page.locator("#agenda")).to_contain_text("Live")
    expect(page.locator("#agenda")).to_contain_text("Release 8.2")
    shot(page, "next-meeting")
    page.goto(f"{live_server.url}/governance/actions/")
    expect(page.locator("table")).to_contain_text("Share last month's retrieval figures")
    expect(page.locator("table")).to_contain_text("Incident follow-ups")
    shot(page, "action-register")
    page.goto(f"{live_server.url}/governance/")
    shot(page, "meetings")

    page.context.clear_cookies()
    login(VendorUserFactory(vendor=vendor))
    page.goto(f"{live_server.url}/portal/meetings/{held.pk}/")
    expect(page.locator("#decisions")).to_contain_text("rollback plan")
    expect(page.locator("#agenda")).not_to_contain_text("Escalate to the account manager")
    shot(page, "portal-held-meeting")
    page.goto(f"{live_server.url}/portal/meetings/{upcoming.pk}/")
    shot(page, "portal-next-meeting")


def test_the_meeting_calendar_link_and_my_meeting_actions_on_the_overview(
    login, live_server, page, admin_user, vendor, shot
):
    import datetime

    from governance.models import ActionItem, Side
    from governance.tests.factories import meeting_for

    meeting = meeting_for(vendor)
    ActionItem.objects.create(
        meeting=meeting,
        vendor=vendor,
        description="Send the downtime list to radiology",
        owner_user=admin_user,
        side=Side.HOSPITAL,
        due_date=timezone.localdate() + datetime.timedelta(days=4),
    )
    page.set_viewport_size({"width": 1366, "height": 900})

    login(admin_user)
    page.goto(f"{live_server.url}/governance/")
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_role("textbox", name="Calendar link")).to_have_value(
        re.compile(r"/governance/feed/[\w-]+\.ics$")
    )
    shot(page, "meeting-feed-panel")
    page.goto(f"{live_server.url}/overview/")
    expect(page.locator("#my-actions")).to_contain_text("Send the downtime list to radiology")
    shot(page, "overview-my-actions")
