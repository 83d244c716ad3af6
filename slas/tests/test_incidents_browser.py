"""An incident's life in headless Chromium: hospital staff report it (the component list follows
the chosen vendor), the vendor proposes a root cause in the portal, staff end it and add a
follow-up, and the admin adopts the root cause and completes the review."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from slas.models import FollowUpAction, Incident, IncidentReview
from slas.tests.factories import incident_for
from tickets.services import tickets as lifecycle
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_incident_from_report_to_completed_review(
    login, live_server, browser: Browser, vendor, staff_user, shot
) -> None:
    ComponentFactory(vendor=vendor, name="Enterprise Archive")
    ComponentFactory(vendor=vendor, name="Diagnostic Viewer")
    other = VendorFactory(name="Northwind RIS")
    ComponentFactory(vendor=other, name="RIS interface")
    engineer = VendorUserFactory(vendor=vendor, first_name="Jonas", last_name="Richter")
    now = timezone.now()
    incident_for(
        other,
        title="HL7 feed delayed",
        impact="degraded",
        started_at=now - dt.timedelta(days=3, hours=2),
        ended_at=now - dt.timedelta(days=3),
        vendor_attributable="disputed",
        cause_category="network",
    )

    # Staff report the outage; choosing the vendor loads its components.
    page = login(staff_user)
    page.get_by_role("navigation").get_by_role("button", name="SLAs").click()
    page.get_by_role("navigation").get_by_role("link", name="Incidents").click()
    expect(page.get_by_role("heading", name="Incidents")).to_be_visible()
    page.get_by_role("link", name="Report an incident").click()
    page.locator("#id_vendor").select_option(label=vendor.name)
    components = page.get_by_label("Components")
    expect(components.locator("option")).to_have_count(2)
    components.select_option(label="Enterprise Archive (Main campus)")
    page.get_by_label("Title").fill("Archive unreachable from all modalities")
    started = timezone.localtime(now - dt.timedelta(hours=2, minutes=10))
    page.get_by_label("Started").fill(started.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Detected by").select_option(label="Monitoring")
    page.get_by_label("Cause").select_option(label="Storage")
    page.get_by_label("Summary").fill("CT and MR could not store studies; priors unavailable in reading rooms.")
    shot(page, "report-form")
    page.get_by_role("button", name="Report incident").click()
    expect(page.locator(".alert-success")).to_contain_text("reported")
    incident = Incident.objects.get(vendor=vendor)
    # Counted from the minute typed in; a minute may pass while the test runs.
    expect(page.locator("time[data-elapsed-since]").first).to_have_text(re.compile(r"^2h 1[012]m$"))
    lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="CT 2 cannot store studies", incident=incident)
    page.reload()
    shot(page, "detail-ongoing")

    # The vendor's engineer proposes a root cause in the portal.
    vendor_page = browser.new_page()
    browser_sign_in(vendor_page, live_server.url, engineer)
    vendor_page.get_by_role("navigation").get_by_role("link", name="Incidents").click()
    expect(vendor_page.locator("table")).not_to_contain_text("HL7 feed delayed")
    shot(vendor_page, "portal-list")
    vendor_page.get_by_role("link", name="Archive unreachable from all modalities").click()
    vendor_page.get_by_label("Comment").fill("RAID controller firmware 4.2 drops the array under write bursts.")
    vendor_page.get_by_label("This proposes a root cause").check()
    vendor_page.get_by_role("button", name="Post comment").click()
    expect(vendor_page.locator(".alert-success")).to_contain_text("Comment posted.")
    expect(vendor_page.locator("#discussion")).to_contain_text("Proposes a root cause")
    shot(vendor_page, "portal-detail")

    # Staff end the incident and add a follow-up for the vendor's engineer.
    page.reload()
    page.get_by_role("button", name="End incident").click()
    expect(page.locator(".alert-success")).to_contain_text("Incident ended.")
    follow_ups = page.locator("#follow-ups")
    follow_ups.get_by_label("Description").fill("Upgrade RAID controller firmware to 4.3")
    follow_ups.get_by_label("Owner (user)").select_option(label="Jonas Richter")
    follow_ups.get_by_label("Due date").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    follow_ups.get_by_role("button", name="Add").click()
    expect(page.locator("#follow-ups table")).to_contain_text("Upgrade RAID controller firmware to 4.3")
    assert FollowUpAction.objects.get().owner == engineer

    # The admin adopts the vendor's root cause and completes the review.
    admin = HospitalAdminFactory(first_name="Petra", last_name="Admin")
    admin_page = browser.new_page(viewport={"width": 1440, "height": 900})
    browser_sign_in(admin_page, live_server.url, admin)
    admin_page.goto(f"{live_server.url}/sla/incidents/{incident.pk}/")
    admin_page.locator("#review").get_by_role("button", name="Adopt").click()
    expect(admin_page.locator(".alert-success")).to_contain_text("Root cause adopted")
    review = admin_page.locator("#review")
    expect(review.get_by_label("Root cause")).to_have_value(
        "RAID controller firmware 4.2 drops the array under write bursts."
    )
    review.get_by_label("What worked").fill("Failover of reading to the VNA within 15 minutes.")
    review.get_by_label("Status").select_option(label="Completed")
    review.get_by_role("button", name="Save review").click()
    expect(admin_page.locator(".alert-danger").first).to_contain_text("Not saved")
    expect(admin_page.locator("#review")).to_contain_text("Required to complete the review.")
    admin_page.locator("#review").get_by_label("What to change").fill("Alert at 85 % controller cache use.")
    admin_page.locator("#review").get_by_role("button", name="Save review").click()
    expect(admin_page.locator(".alert-success")).to_contain_text("Post-incident review saved.")
    assert IncidentReview.objects.get(incident=incident).status == IncidentReview.Status.COMPLETED
    shot(admin_page, "detail")

    admin_page.goto(f"{live_server.url}/sla/incidents/")
    expect(admin_page.locator("table")).to_contain_text("HL7 feed delayed")
    expect(admin_page.locator("table")).to_contain_text("Completed")
    shot(admin_page, "list")
