"""The evaluation PDF pages in headless Chromium: the admin generates a finalised evaluation's
PDF from the list, watches its page, downloads it and sends it; the vendor downloads it from the
evaluation's page in the portal. Screenshots go to test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from reports.models import EvaluationDelivery, EvaluationReport
from reports.services.evaluations import evaluation_report_build
from scorecards.models import Evaluation
from scorecards.tests.factories import finalised_for, last_year
from vendors.models import Contact
from vendors.tests.factories import ContactFactory, VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_generates_and_sends_the_pdf_and_the_vendor_downloads_it(
    login, live_server, page, shot, monkeypatch
) -> None:
    monkeypatch.setattr("reports.tasks.generate_evaluation_report.delay", lambda report_id: None)  # built below
    admin = HospitalAdminFactory(email="ada@hospital.example")
    vendor = VendorFactory(name="Meridian Imaging")
    ContactFactory(vendor=vendor, name="Mara Manager", role=Contact.Role.ACCOUNT_MANAGER, email="mara@meridian.example")
    evaluation = finalised_for(vendor, admin=admin)
    page.set_viewport_size({"width": 1366, "height": 900})

    login(admin)
    page.goto(f"{live_server.url}/reports/evaluations/")
    expect(page.locator(".empty-state")).to_contain_text("No evaluation PDFs match")
    page.select_option("#id_evaluation", str(evaluation.pk))
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#evaluation-progress-card")).to_contain_text("Waiting for a worker")
    shot(page, "generating")

    report = EvaluationReport.objects.get()
    assert evaluation_report_build(report_id=report.pk).state == EvaluationReport.State.READY
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=10_000)  # the poll reloads
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"meridian-imaging-evaluation-{last_year().year}.pdf"
    page.get_by_role("button", name="Send the PDF").click()
    expect(page.locator("#evaluation-sends")).to_contain_text("Mara Manager <mara@meridian.example>")
    expect(page.get_by_role("button", name="Send again")).to_be_visible()
    shot(page, "sent")
    assert EvaluationDelivery.objects.count() == 2

    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.SHARED)
    page.context.clear_cookies()
    login(VendorUserFactory(vendor=vendor))
    page.goto(f"{live_server.url}/portal/evaluations/{evaluation.pk}/")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    shot(page, "portal")
