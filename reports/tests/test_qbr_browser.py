"""The QBR pack pages in headless Chromium: the admin generates a held review's pack from the
list, watches its page, downloads it; the vendor finds it in the portal. Screenshots go to
test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from reports.models import QbrPack
from reports.services.qbr import qbr_pack_build
from reports.tests.conftest import ReportWorld
from reports.tests.test_qbr import held_review, minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_generates_a_pack_and_the_vendor_downloads_it(
    login, live_server, page, world: ReportWorld, shot, monkeypatch
) -> None:
    monkeypatch.setattr("reports.tasks.generate_qbr_pack.delay", lambda pack_id: None)  # built below, as a worker
    meeting = held_review(world)
    minutes(world, meeting)
    page.set_viewport_size({"width": 1366, "height": 900})

    login(world.admin)
    page.goto(f"{live_server.url}/reports/qbr/")
    expect(page.locator(".empty-state")).to_contain_text("No QBR packs match")
    shot(page, "empty-list")
    page.select_option("#id_meeting", str(meeting.pk))
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#qbr-progress-card")).to_contain_text("Waiting for a worker")
    shot(page, "generating")

    pack = QbrPack.objects.get()
    assert qbr_pack_build(pack_id=pack.pk).state == QbrPack.State.READY
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=10_000)  # the poll reloads
    shot(page, "ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "meridian-imaging-systems-qbr-2026-08.pdf"
    page.goto(f"{live_server.url}/reports/qbr/")
    expect(page.locator("table")).to_contain_text("Aug 2026 to Oct 2026")
    shot(page, "list")

    page.context.clear_cookies()
    login(world.vendor_user)
    page.goto(f"{live_server.url}/portal/reports/qbr/")
    expect(page.locator("table")).to_contain_text("Quarterly business review, 2026-11-10")
    shot(page, "portal")


def test_admin_sends_a_pack_to_the_attendees_and_sees_each_send(
    login, live_server, page, world: ReportWorld, shot
) -> None:
    from governance.models import Attendance
    from reports.tests.factories import make_qbr_pack

    pack = make_qbr_pack(vendor=world.vendor, user=world.admin, marker="Q3")
    Attendance.objects.create(meeting=pack.meeting, user=world.admin)
    Attendance.objects.create(meeting=pack.meeting, contact=world.contact)
    page.set_viewport_size({"width": 1366, "height": 900})

    login(world.admin)
    page.goto(f"{live_server.url}/reports/qbr/{pack.pk}/")
    expect(page.locator("#deliveries")).to_contain_text("Not emailed yet.")
    page.get_by_role("button", name="Send to attendees").click()
    expect(page.locator("#deliveries tbody tr")).to_have_count(pack.deliveries.count())
    expect(page.locator("#deliveries")).to_contain_text(world.contact.email)
    expect(page.get_by_role("button", name="Send again")).to_be_visible()
    shot(page, "sent")
