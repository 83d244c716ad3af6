"""Compliance documents end to end in headless Chromium: the admin reads the matrix; a vendor sees
its SOC 2 report expiring, uploads the renewed one in the portal; the admin accepts it and the
matrix shows it valid."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.tests.two_factor import browser_sign_in
from compliance.models import ComplianceDocument, Outcome
from compliance.tests.factories import PDF_BYTES, document_for, terms_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vendor_uploads_a_renewed_soc2_report_and_the_admin_accepts_it(
    login, live_server, browser: Browser, vendor, other_vendor, vendor_user, admin_user, shot, tmp_path
):
    vendor.hosts_data = True
    vendor.save()
    document_for(vendor, "soc2-type2", valid_for_days=20, version="2025")
    document_for(vendor, "dpa", valid_for_days=None, version="2023")
    document_for(vendor, "iso27001", valid_for_days=-15, version="2022-2025")
    document_for(vendor, "cyber-insurance", valid_for_days=300)
    document_for(other_vendor, "cyber-insurance", valid_for_days=-3)

    # --- the vendor sees what it owes and uploads the renewal -------------------------------
    page = login(vendor_user)
    portal_nav = page.get_by_role("navigation")
    portal_nav.get_by_role("button", name="Our account").click()
    portal_nav.get_by_role("link", name="Compliance documents").click()
    expect(page.get_by_role("heading", name="Compliance documents")).to_be_visible()
    soc2 = page.locator("li.list-group-item", has_text="SOC 2 Type II report")
    expect(soc2).to_contain_text("Expiring")
    expect(page.locator("main")).not_to_contain_text(other_vendor.name)
    shot(page, "portal-compliance")
    soc2.get_by_role("link", name="Upload the renewal").click()
    today = timezone.localdate()
    page.get_by_label("Version").fill("2026")
    page.get_by_label("Issued on").fill(f"{today - dt.timedelta(days=4):%Y-%m-%d}")
    page.get_by_label("Valid until").fill(f"{today - dt.timedelta(days=10):%Y-%m-%d}")
    report = tmp_path / "soc2-2026.pdf"
    report.write_bytes(PDF_BYTES)
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_role("button", name="Upload for review").click()
    expect(page.get_by_text("The valid-until date must be after the issue date.")).to_be_visible()
    page.get_by_label("Valid until").fill(f"{today + dt.timedelta(days=361):%Y-%m-%d}")
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_role("button", name="Upload for review").click()
    expect(page.get_by_text("Pending review").first).to_be_visible()
    shot(page, "portal-document")
    renewal = ComplianceDocument.objects.get(version="2026", document_type__code="soc2-type2")
    assert (renewal.outcome, renewal.vendor_id) == (Outcome.PENDING, vendor.pk)

    # --- the hospital admin reads the matrix and accepts ------------------------------------
    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    nav = admin.get_by_role("navigation")
    nav.get_by_role("button", name="Vendors").click()
    nav.get_by_role("link", name="Document matrix").click()
    row = admin.locator("tbody tr", has_text=vendor.name)
    expect(row).to_contain_text("Expiring")
    expect(row).to_contain_text("1 pending")
    expect(row).to_contain_text("Expired")
    shot(admin, "matrix")
    admin.goto(f"{live_server.url}/compliance/documents/{renewal.pk}/")
    admin.get_by_label("Accepted", exact=True).check()
    admin.get_by_role("button", name="Record the review").click()
    expect(admin.get_by_text("accepted.", exact=False).first).to_be_visible()
    shot(admin, "document-accepted")
    assert ComplianceDocument.objects.get(pk=renewal.pk).outcome == Outcome.ACCEPTED
    admin.goto(f"{live_server.url}/compliance/")
    expect(admin.locator("tbody tr", has_text=vendor.name)).not_to_contain_text("Expiring")


def test_an_admin_records_data_protection_terms_from_the_agreement_page(login, live_server, vendor, admin_user, shot):
    terms = terms_for(vendor, sub_processors="", breach_notification_hours=96)
    page = login(admin_user)
    page.goto(f"{live_server.url}/sla/agreements/{terms.agreement_id}/")
    section = page.locator("#data-protection")
    expect(section).to_contain_text("2 missing")
    expect(section).to_contain_text("96 h is too late")
    shot(page, "agreement-terms")
    section.get_by_role("link", name="Edit terms").click()
    page.get_by_label("Sub processors").fill("Hosting provider in Frankfurt")
    page.get_by_label("Breach notification (hours)").fill("24")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#data-protection")).to_contain_text("Complete")


def test_a_penetration_test_finding_is_answered_by_the_vendor_and_retested(
    login, live_server, browser: Browser, vendor, vendor_user, admin_user, shot
):
    from compliance.models import Finding
    from compliance.tests.factories import assessment_for, finding_for

    assessment = assessment_for(vendor, title="Penetration test of the web viewer")
    overdue = finding_for(assessment, severity="critical", reported_days_ago=20, title="Default router password")
    finding_for(assessment, severity="medium", reported_days_ago=5, title="Verbose banner")

    page = login(vendor_user)
    portal_nav = page.get_by_role("navigation")
    portal_nav.get_by_role("button", name="Our account").click()
    portal_nav.get_by_role("link", name="Security assessments").click()
    page.get_by_role("link", name="Penetration test of the web viewer").click()
    card = page.locator(f"#finding-{overdue.pk}")
    expect(card).to_contain_text("5 days overdue")
    card.get_by_label("Your answer").fill("Password rotated and the account disabled on all routers.")
    card.get_by_role("button", name="Answer").click()
    expect(page.locator(f"#finding-{overdue.pk}")).to_contain_text("Answered by the vendor")
    shot(page, "portal-assessment")

    admin = browser.new_page()
    browser_sign_in(admin, live_server.url, admin_user)
    admin.goto(f"{live_server.url}/compliance/assessments/{assessment.pk}/")
    card = admin.locator(f"#finding-{overdue.pk}")
    expect(card).to_contain_text("Password rotated")
    card.get_by_label("Result").select_option("passed")
    card.get_by_role("button", name="Record retest").click()
    expect(admin.locator(f"#finding-{overdue.pk}")).to_contain_text("Resolved")
    shot(admin, "assessment")
    assert Finding.objects.get(pk=overdue.pk).status == Finding.Status.RESOLVED
