"""The report archive in headless Chromium: an admin finds Reports in the navbar, generates a
month (the row shows its progress and turns into the finished version without a reload), opens
the version, verifies it, manages the recipients; the vendor downloads the report in the portal.
Screenshots go to test-results/screenshots/."""

import re

import pytest
from playwright.sync_api import Page, expect

from reports.models import MonthlyReport
from reports.services.generation import report_build, report_generate
from reports.tests.conftest import MONTH, MONTH_ARG, ReportWorld
from reports.tests.factories import MARCH, report_for, supersede

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page: Page, report: MonthlyReport):
    return page.locator(f"#report-{report.pk}")


def test_admin_generates_reads_verifies_and_the_vendor_downloads(
    login, live_server, world: ReportWorld, make_report_world, broker, shot
) -> None:
    first = report_generate(vendor=world.vendor, month=MONTH, requested_by=world.admin)
    assert first.state == MonthlyReport.State.READY, first.error
    aurora = make_report_world("Aurora Imaging", with_recipients=False).vendor
    supersede(report_for(aurora, MARCH), reason="incident of the 14th corrected")
    report_for(aurora, MARCH.replace(month=2), state=MonthlyReport.State.FAILED)

    page = login(world.admin)
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="SLAs").click()
    nav.get_by_role("link", name="Monthly reports").click()
    expect(page.get_by_role("heading", name="Monthly reports")).to_be_visible()
    # Nothing sticks out sideways at 1280 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # Generate October again: a new version starts, and its row shows the progress.
    form = page.get_by_role("form", name="Generate report")
    form.get_by_label("Vendor").select_option(label=world.vendor.name)
    form.get_by_label("Month (ended)").fill(MONTH_ARG)
    form.get_by_label("Reason").fill("Late incident recorded")
    form.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Generating {world.vendor}'s report for {MONTH_ARG} (version 2)")
    second = MonthlyReport.objects.get(vendor=world.vendor, version=2)
    assert [(task.name, task.args) for task in broker.tasks()] == [("reports.tasks.generate_report", [second.pk])]
    row = _row(page, second)
    expect(row.get_by_role("progressbar")).to_be_visible()
    expect(row).to_contain_text("Waiting for a worker")

    # A worker picks it up: the row follows without a reload.
    MonthlyReport.objects.filter(pk=second.pk).update(progress=45, progress_note="Collecting tickets")
    expect(row).to_contain_text("Collecting tickets", timeout=6000)
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "45")
    shot(page, "archive-generating")
    report_build(report_id=second.pk)
    expect(row.get_by_text("Generated, not sent")).to_be_visible(timeout=8000)
    expect(row.get_by_role("progressbar")).to_have_count(0)
    expect(row).to_contain_text("Current")
    expect(_row(page, first)).to_contain_text("superseded by v2")  # the replaced version follows too
    shot(page, "archive-ready")

    # Superseded versions on request.
    page.get_by_label("Current versions only").select_option(label="Any")
    expect(_row(page, first)).to_contain_text("superseded by v2")
    shot(page, "archive-all-versions")

    # The version's page: figures, hashes, agreements, versions; verified on request.
    row.get_by_role("link", name=re.compile(r"^v2")).click()
    expect(page.get_by_role("heading", name=f"{world.vendor}: October 2026, version 2")).to_be_visible()
    second.refresh_from_db()
    summary = second.snapshot["sections"]["summary"]
    expect(page.locator("#report-summary")).to_contain_text(f"{summary['uptime_percent']} %")
    expect(page.locator("#report-agreements")).to_contain_text(world.contract.reference)
    expect(page.get_by_label("PDF SHA-256")).to_have_value(second.pdf_sha256)
    expect(page.locator("#report-versions")).to_contain_text("v1")
    # Verifying renders the PDF again within the request: past Playwright's 30 s beside other workers.
    page.get_by_role("button", name="Verify").click(timeout=90_000)
    expect(page.get_by_role("alert")).to_contain_text("Verified: the PDF rendered again from the snapshot is identical")
    shot(page, "detail")

    # Resend it to the recipients now.
    page.get_by_role("form", name="Resend").get_by_role("button", name="Resend").click()
    expect(page.get_by_role("alert")).to_contain_text("Version 2 queued for 4 recipients")
    expect(page.locator("#deliveries tbody tr")).to_have_count(4)
    shot(page, "detail-resent")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == second.filename

    # Recipients: one opted out through their link; the admin adds Aurora's usual recipients.
    world.recipients[1].opted_out_at = second.generated_at
    world.recipients[1].save()
    page.goto(f"{live_server.url}/reports/recipients/")
    expect(page.get_by_text(re.compile(r"Opted out \d{4}-\d{2}-\d{2}"))).to_be_visible()
    expect(page.get_by_role("link", name="Opt in…")).to_have_count(1)
    shot(page, "recipients")
    usual = page.get_by_role("form", name="Add the usual recipients")
    usual.get_by_label("Vendor").select_option(label="Aurora Imaging")
    usual.get_by_role("button", name="Add them").click()
    expect(page.get_by_role("alert")).to_contain_text("Added to Aurora Imaging's recipients")
    shot(page, "recipients-usual-added")

    page.get_by_role("link", name="Add recipient").click()
    page.locator("#id_vendor").select_option(label=world.vendor.name)
    expect(page.get_by_label("or a vendor contact")).to_contain_text("Sam Account")
    shot(page, "recipient-form")

    # The vendor downloads it in the portal.
    page = login(world.vendor_user)
    page.get_by_role("button", name="Service level").click()
    page.get_by_role("link", name="Monthly reports").click()
    expect(page.get_by_role("heading", name="Monthly reports")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("cell").nth(0)).to_have_text("October 2026")
    expect(rows.nth(0).get_by_role("cell").nth(1)).to_have_text("v2 Current")
    expect(rows.nth(1).get_by_role("cell").nth(1)).to_have_text("v1 superseded by v2")
    shot(page, "portal-list")
    with page.expect_download() as download:
        rows.nth(0).get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == second.filename
