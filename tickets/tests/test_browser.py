"""A ticket's journey in headless Chromium: opened by hospital staff, answered and resolved by
the vendor in the portal, rated by the staff who opened it, and the SLA clocks shown at each
step."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.factories import VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from slas.models import Metric
from slas.tests.factories import agreement_for
from tickets.models import SlaClock, Status, Ticket
from vendors.tests.factories import ComponentFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_open_a_ticket_the_vendor_answers_in_the_portal_and_the_clocks_follow(
    login, live_server, browser: Browser, vendor, staff_user, shot
) -> None:
    contract = ContractFactory(vendor=vendor, start_date=timezone.localdate() - datetime.timedelta(days=30))
    agreement_for(contract)
    ComponentFactory(vendor=vendor, name="Enterprise Archive")
    engineer = VendorUserFactory(vendor=vendor, first_name="Jonas", last_name="Richter")

    # Hospital staff open a P1 for the archive.
    page = login(staff_user)
    page.goto(f"{live_server.url}/tickets/")
    page.get_by_role("link", name="Open a ticket").click()
    page.get_by_label("Vendor").select_option(label=vendor.name)
    page.get_by_label("Component").select_option(label="Enterprise Archive (Main campus)")
    page.get_by_label("Severity").select_option("P1")
    page.get_by_label("Title").fill("Archive rejects studies from CT 2")
    page.get_by_role("button", name="Open ticket").click()
    expect(page.locator(".alert-success")).to_contain_text("opened")
    ticket = Ticket.objects.get()
    clocks = page.locator("table").filter(has_text="Metric")
    expect(clocks).to_contain_text("Response")
    expect(clocks).to_contain_text("Running")
    expect(clocks.locator("time[data-countdown]").first).to_contain_text("left")
    shot(page, "ticket-opened")

    # The vendor's engineer answers from the portal: the response clock is met.
    vendor_page = browser.new_page()
    browser_sign_in(vendor_page, live_server.url, engineer)
    vendor_page.get_by_role("navigation").get_by_role("link", name="Tickets").click()
    vendor_page.get_by_role("link", name="Archive rejects studies from CT 2").click()
    expect(vendor_page).to_have_url(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    vendor_page.get_by_label("Message").fill("Association limit reached; raising it now.")
    vendor_page.get_by_role("button", name="Send answer").click()
    expect(vendor_page).to_have_url(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    expect(vendor_page.locator(".alert-success")).to_contain_text("Message posted.")
    expect(vendor_page.locator("table").filter(has_text="Metric")).to_contain_text("Met")
    shot(vendor_page, "portal-answered")
    response = SlaClock.objects.get(ticket=ticket, metric=Metric.RESPONSE)
    assert response.state == SlaClock.State.MET

    # The vendor resolves the ticket; the clocks freeze.
    vendor_page.get_by_placeholder("Resolution summary").fill("Limit raised, CT 2 sends again.")
    vendor_page.get_by_role("button", name="Propose resolution").click()
    expect(vendor_page.locator(".alert-success")).to_have_text(f"Ticket #{ticket.pk} resolved.")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert not SlaClock.objects.filter(ticket=ticket, state=SlaClock.State.RUNNING).exists()

    # Staff see the answer and the resolution, and rate the support; they change no status.
    page.reload()
    expect(page.get_by_text("Association limit reached; raising it now.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resolved")
    expect(page.get_by_role("button", name="Reopen")).to_have_count(0)
    page.get_by_label("Score").select_option("5")
    page.get_by_role("button", name="Rate support").click()
    expect(page.locator(".alert-success")).to_have_text(f"Thank you: support on ticket #{ticket.pk} rated 5 of 5.")
    shot(page, "ticket-resolved")
    assert ticket.rating.score == 5


def test_a_paused_ticket_reads_in_hours_and_its_severity_changes_from_the_current_one(
    login, live_server, vendor, staff_user, admin_user, shot
) -> None:
    from tickets.services import tickets as lifecycle

    contract = ContractFactory(vendor=vendor, start_date=timezone.localdate() - datetime.timedelta(days=30))
    agreement_for(contract)
    engineer = VendorUserFactory(vendor=vendor)
    ticket = lifecycle.ticket_open(
        vendor_id=vendor.pk,
        severity="P3",
        title="Priors missing on the CT worklist",
        reporter=staff_user,
        sites_affected="Main campus",
        modalities_affected="CT",
        studies_delayed=12,
    )
    lifecycle.ticket_respond(ticket=ticket, by=engineer, acknowledge=True)
    lifecycle.ticket_pause(ticket=ticket, by=engineer, reason="Which accession numbers?")

    # Hospital admins change severity (the role matrix).
    page = login(admin_user)
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    clocks = page.locator("table").filter(has_text="Metric")
    expect(clocks.locator("tr").filter(has_text="Resolution")).to_contain_text("of 30 h used")
    expect(clocks).not_to_contain_text(" s used")
    expect(page.get_by_text("CT at Main campus affected; 12 studies delayed.")).to_be_visible()
    picker = page.get_by_label("New severity")
    expect(picker).to_have_value("P3")
    shot(page, "paused")

    picker.select_option("P1")
    page.get_by_role("button", name="Change severity").click()
    expect(page.locator(".alert-success")).to_have_text("Severity changed to P1 critical.")
    expect(page.get_by_label("New severity")).to_have_value("P1")
    shot(page, "severity-changed")
    ticket.refresh_from_db()
    assert ticket.severity == "P1"


def test_an_admin_follows_a_history_import_on_its_page_until_it_ends(
    login, live_server, admin_user, agreement, shot
) -> None:
    from tickets.models import HistoryImport
    from tickets.services.history_jobs import history_import_run

    header = "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"
    rows = "".join(f"Meridian Imaging Systems,P3,Old ticket {n},,2026-10-01T09:00:00+02:00,,,\n" for n in range(3))
    page = login(admin_user)
    page.goto(f"{live_server.url}/tickets/import/")
    expect(page.get_by_text("No history imported yet")).to_be_visible()
    page.get_by_label("CSV file").set_input_files(
        {"name": "old-system.csv", "mimeType": "text/csv", "buffer": (header + rows).encode()}
    )
    page.get_by_role("button", name="Check and import").click()
    job = HistoryImport.objects.get()
    expect(page).to_have_url(f"{live_server.url}/tickets/import/{job.pk}/")
    expect(page.locator("#history-import-status")).to_contain_text("Waiting for a worker")

    # A worker half-way through a big file: the page polls and shows how far it got.
    HistoryImport.objects.filter(pk=job.pk).update(status="importing", rows_total=49_000, rows_done=12_000)
    expect(page.locator("#history-import-status")).to_contain_text("12,000 of 49,000 rows imported", timeout=10_000)
    shot(page, "importing")

    # The real run ends it; the page shows the result and stops polling.
    HistoryImport.objects.filter(pk=job.pk).update(status="queued", rows_total=0, rows_done=0)
    history_import_run(job_id=job.pk)
    expect(page.locator("#history-import-status")).to_contain_text("3 tickets imported", timeout=10_000)
    expect(page.locator("#history-import-status")).not_to_have_attribute("hx-get", f"/tickets/import/{job.pk}/status/")
    shot(page, "done")

    # A file with a bad row: the page lists it, and nothing of the file is imported.
    page.goto(f"{live_server.url}/tickets/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": (header + rows.replace("P3", "P9", 1)).encode()}
    )
    page.get_by_role("button", name="Check and import").click()
    history_import_run(job_id=HistoryImport.objects.get(filename="bad.csv").pk)
    expect(page.locator("#history-import-status")).to_contain_text(
        "Nothing was imported from bad.csv: 1 problem", timeout=10_000
    )
    expect(page.locator("#history-import-status")).to_contain_text("is not one of P1, P2, P3, P4")
    shot(page, "errors")
    assert Ticket.objects.count() == 3
