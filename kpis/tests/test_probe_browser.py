"""PACS probes in headless Chromium against a real Orthanc: the admin finds the probes in the KPIs
menu, reads a probe that measured Orthanc, asks for a run now, edits a probe (the password field
stays empty), adds one (the component list follows the vendor), and the vendor reads its own
probes in the portal. Screenshots go to test-results/screenshots/."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from accounts.tests.factories import VendorUserFactory
from accounts.tests.two_factor import browser_sign_in
from kpis.models import Probe
from kpis.services.probes import probe_run
from kpis.tests.orthanc import OrthancServer
from kpis.tests.probe_support import SECRET, fail_for_real, make_probe
from notifications.tests.support import Broker, QueuedTask
from pacsvendor import celery_app
from vendors.tests.factories import ComponentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker() -> Iterator[Broker]:
    queue = Broker()
    queue.reset()
    try:
        yield queue
    finally:
        celery_app.control.purge()
        queue.close()


def test_probes_from_the_list_to_the_portal(
    login, live_server, browser: Browser, admin_user, vendor, other_vendor, orthanc: OrthancServer, broker, shot
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")
    ComponentFactory(vendor=vendor, name="Diagnostic Viewer", site="Main campus")
    ComponentFactory(vendor=other_vendor, name="Cardiology PACS", site="Heart centre")
    measured = make_probe(
        vendor,
        archive,
        name="Archive (Orthanc)",
        ae_title=orthanc.ae_title,
        host=orthanc.host,
        port=orthanc.dicom_port,
        calling_ae_title=orthanc.calling_ae_title,
        test_study_uid=orthanc.study_uid,
        rest_url=orthanc.http_url,
        rest_username=orthanc.username,
        rest_password=orthanc.password,
    )
    for _ in range(3):
        probe_run(probe=measured)
    fail_for_real(make_probe(vendor, name="Viewer gateway", failure_threshold=2), runs=2)
    make_probe(other_vendor, name="Cardiology archive", interval_minutes=15)

    page = login(admin_user)
    page.get_by_role("navigation").get_by_role("button", name="KPIs").click()
    page.get_by_role("navigation").get_by_role("link", name="Probes").click()
    expect(page.get_by_role("heading", name="PACS probes")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("table")).to_contain_text("Reachable")
    expect(page.locator("table")).to_contain_text("Failing since")
    expect(page.locator("table")).to_contain_text("Never run")
    shot(page, "list")

    page.get_by_role("link", name="Archive (Orthanc)").click()
    expect(page.get_by_role("heading", name="Archive (Orthanc)")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)
    expect(page.locator("table")).to_contain_text("All checks OK")
    page.get_by_role("button", name="Run now").click()
    expect(page.locator(".alert-success")).to_contain_text("A run of “Archive (Orthanc)” is queued.")
    # Queued besides: the delivery of the outage email the failing gateway sent the admin.
    assert [task for task in broker.tasks() if task.name != "notifications.tasks.deliver_email"] == [
        QueuedTask(name="kpis.tasks.run_probe", args=[measured.pk])
    ]
    shot(page, "detail")

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Password or bearer token")).to_have_value("")
    expect(page.get_by_text("A password is stored. Leave blank to keep it.")).to_be_visible()
    page.get_by_label("Run every (minutes)").fill("2")
    shot(page, "form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Probe “Archive (Orthanc)” saved.")
    measured.refresh_from_db()
    assert (measured.interval_minutes, measured.rest_password) == (2, orthanc.password)
    assert orthanc.password not in page.content()

    page.get_by_role("link", name="Probes").first.click()
    page.get_by_role("link", name="Add probe").click()
    page.locator("#id_name").fill("Viewer DICOM")
    page.locator("#id_vendor").select_option(label=vendor.name)
    component = page.locator("#id_component")
    expect(component.locator("option")).to_have_count(4)  # "choose" and the vendor's three, not the other's
    component.select_option(label="Diagnostic Viewer (Main campus)")
    page.locator("#id_ae_title").fill("VIEWER")
    page.locator("#id_host").fill("viewer.hospital.example")
    page.locator("#id_port").fill("11112")
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".alert-success")).to_contain_text("Probe “Viewer DICOM” created.")
    expect(page.get_by_text("No run yet.")).to_be_visible()
    assert Probe.objects.get(name="Viewer DICOM").component.name == "Diagnostic Viewer"

    engineer = VendorUserFactory(vendor=vendor, first_name="Jonas", last_name="Richter")
    vendor_page = browser.new_page()
    browser_sign_in(vendor_page, live_server.url, engineer)
    vendor_page.get_by_role("navigation").get_by_role("button", name="Service level").click()
    vendor_page.get_by_role("navigation").get_by_role("link", name="Probes").click()
    expect(vendor_page.get_by_role("heading", name="PACS probes")).to_be_visible()
    expect(vendor_page.locator("table tbody tr")).to_have_count(3)
    expect(vendor_page.locator("table")).not_to_contain_text("Cardiology archive")
    expect(vendor_page.locator("table")).to_contain_text("INC-")
    shot(vendor_page, "portal-list")
    vendor_page.get_by_role("link", name="Archive (Orthanc)").click()
    expect(vendor_page.locator("table")).to_contain_text("All checks OK")
    assert orthanc.password not in vendor_page.content()
    assert SECRET not in vendor_page.content()
    shot(vendor_page, "portal-detail")
    vendor_page.close()
