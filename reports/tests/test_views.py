"""The hospital's report archive (/reports/): the table with its badges, filters and CSV; the
generate form; the progress of a generating version; a version's page and its actions
(download, regenerate, resend, verify); who may do what."""

import csv
import datetime
import io
import re
from html import unescape
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from core.months import last_finished_month
from core.testing.queries import queries_per_path
from notifications.models import OutboxEmail
from reports.models import MonthlyReport, ReportDelivery, ReportDocument, ReportRecipient
from reports.services.generation import report_generate
from reports.tests.conftest import MONTH
from reports.tests.factories import MARCH, delivery_for, report_for, snapshot_for, supersede
from vendors.models import Vendor
from vendors.tests.factories import ContactFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = MonthlyReport.State
FEBRUARY = datetime.date(2026, 2, 1)


MONTH_PATTERN = re.compile(r"\d{4}-\d{2}")


def _strip(html: str) -> str:
    """HTML as text, tags stripped, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _text(response: object) -> str:
    return _strip(response.content.decode())


def _rows(response: object) -> list[str]:
    body = response.content.decode().split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [_strip(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _csv(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _messages(response: object) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


# --- the archive ---------------------------------------------------------------------------


def test_the_archive_shows_versions_with_status_badges_requester_pages_and_short_hashes(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    old = report_for(vendor, MARCH, requested_by=admin_user)
    current = supersede(old, reason="incident corrected")
    delivery_for(current, None, email="cio@hospital.example")
    scheduled = report_for(vendor, FEBRUARY)  # no requester: the monthly schedule made it

    response = admin_client.get("/reports/", {"current": "unknown"})

    assert response.status_code == 200
    rows = _rows(response)
    generated = timezone.localtime(current.generated_at)
    assert rows[0] == (
        f"Meridian Imaging Systems 2026-03 v2 Current Sent to 1 {generated:%Y-%m-%d %H:%M} "
        f"Schedule 6 {current.pdf_sha256[:12]}…"
    )
    assert rows[1].startswith("Meridian Imaging Systems 2026-03 v1 superseded by v2 Superseded")
    assert "Petra Admin" in rows[1]
    assert rows[2].startswith("Meridian Imaging Systems 2026-02 v1 Current Generated, not sent")
    page = response.content.decode()
    # Status is text and colour; the full hash is in the title for copying.
    assert '<span class="badge text-bg-success">Sent to 1</span>' in page
    assert '<span class="badge text-bg-secondary">Superseded</span>' in page
    assert '<span class="badge text-bg-primary">Generated, not sent</span>' in page
    assert f'title="{scheduled.pdf_sha256}"' in page
    assert f'href="/reports/{current.pk}/"' in page


def test_current_versions_only_is_the_default_and_sticks(admin_client: Client, vendor: Vendor) -> None:
    old = report_for(vendor, MARCH)
    supersede(old)
    failed_then_retried = report_for(vendor, FEBRUARY, state=State.FAILED)
    report_for(vendor, FEBRUARY, version=2)
    report_for(vendor, datetime.date(2026, 1, 1), state=State.FAILED)  # not tried again: it counts
    report_for(vendor, datetime.date(2025, 12, 1), state=State.GENERATING)

    def versions(response: object) -> list[str]:
        return [" ".join(row.split()[3:5]) for row in _rows(response)]

    default = admin_client.get("/reports/")
    assert versions(default) == ["2026-03 v2", "2026-02 v2", "2026-01 v1", "2025-12 v1"]
    everything = admin_client.get("/reports/", {"current": "unknown"})
    assert len(_rows(everything)) == 6
    assert f"/reports/{failed_then_retried.pk}/" in everything.content.decode()
    # The choice sticks: the bare URL brings the last query back.
    again = admin_client.get("/reports/")
    assert again.status_code == 302
    assert again["Location"] == "/reports/?current=unknown"
    superseded_only = admin_client.get("/reports/", {"current": "false"})
    assert versions(superseded_only) == ["2026-03 v1", "2026-02 v1"]


def test_the_archive_filters_by_vendor_month_range_and_status_and_exports_csv(
    admin_client: Client, vendor: Vendor
) -> None:
    other = VendorFactory(name="Aurora Imaging")
    sent = report_for(vendor, MARCH)
    delivery_for(sent, None, email="a@hospital.example")
    failing = report_for(vendor, FEBRUARY)
    delivery_for(failing, None, email="b@hospital.example", state=OutboxEmail.State.FAILED)
    queued = report_for(other, MARCH)
    delivery_for(queued, None, email="c@hospital.example", state=OutboxEmail.State.QUEUED)
    report_for(other, FEBRUARY, state=State.FAILED)
    report_for(other, datetime.date(2026, 1, 1), state=State.GENERATING)
    report_for(vendor, datetime.date(2026, 1, 1))

    def months(**query: str) -> list[str]:
        rows = _rows(admin_client.get("/reports/", query))
        return [f"{row.split()[0]} {MONTH_PATTERN.search(row).group()}" for row in rows]

    assert months(vendor=str(other.pk)) == ["Aurora 2026-03", "Aurora 2026-02", "Aurora 2026-01"]
    assert months(month_from="2026-02", month_to="2026-02") == ["Aurora 2026-02", "Meridian 2026-02"]
    assert months(month="2026-01", vendor=str(vendor.pk)) == ["Meridian 2026-01"]
    assert months(status="sent") == ["Meridian 2026-03"]
    assert months(status="delivery_failed") == ["Meridian 2026-02"]
    assert months(status="sending") == ["Aurora 2026-03"]
    assert months(status="failed") == ["Aurora 2026-02"]
    assert months(status="generating") == ["Aurora 2026-01"]
    assert months(status="generated") == ["Meridian 2026-01"]
    assert "Write the month as YYYY-MM" in _text(admin_client.get("/reports/", {"month_from": "March"}))

    rows = _csv(admin_client.get("/reports/", {"vendor": str(vendor.pk), "export": "csv"}))
    assert rows[0] == ["Vendor", "Month", "Version", "Status", "Generated", "By", "Pages", "PDF SHA-256"]
    assert rows[1][:4] == ["Meridian Imaging Systems", "2026-03", "1 (current)", "Sent to 1"]
    assert rows[1][5] == "Schedule"
    assert rows[1][7] == sent.pdf_sha256  # the whole hash, not the short one
    assert rows[2][3] == "Failed to 1 recipient"


def test_the_status_filter_agrees_with_the_status_shown(admin_client: Client, vendor: Vendor) -> None:
    """Every report is found by exactly the status it shows (the filter restates its rules)."""
    from reports.filters import STATUS_CHOICES
    from reports.selectors import report_list, report_status

    sent = report_for(vendor, MARCH)
    delivery_for(sent, None, email="a@hospital.example")
    supersede(sent)
    failing = report_for(vendor, FEBRUARY)
    delivery_for(failing, None, email="a@hospital.example", state=OutboxEmail.State.FAILED)
    delivery_for(failing, None, email="b@hospital.example", state=OutboxEmail.State.QUEUED)
    sending = report_for(vendor, datetime.date(2026, 1, 1))
    delivery_for(sending, None, email="a@hospital.example", state=OutboxEmail.State.QUEUED)
    delivery_for(sending, None, email="b@hospital.example")
    old = report_for(vendor, datetime.date(2025, 12, 1))
    supersede(old)
    report_for(vendor, datetime.date(2025, 11, 1), state=State.FAILED)
    report_for(vendor, datetime.date(2025, 10, 1), state=State.GENERATING)

    shown = {report.pk: report_status(report).code for report in report_list()}
    assert set(shown.values()) == {code for code, _ in STATUS_CHOICES}
    for code, _ in STATUS_CHOICES:
        response = admin_client.get("/reports/", {"status": code, "current": "unknown"})
        found = {int(pk) for pk in re.findall(r'id="report-(\d+)"', response.content.decode())}
        assert found == {pk for pk, status in shown.items() if status == code}, code


def test_the_archive_runs_the_same_queries_for_more_rows(admin_client: Client, admin_user: object) -> None:
    def fill(count: int) -> None:
        for _ in range(count):
            vendor = VendorFactory()
            report = supersede(report_for(vendor, MARCH, requested_by=admin_user))
            delivery_for(report, None, email=f"x{report.pk}@hospital.example")
            report_for(vendor, FEBRUARY, state=State.GENERATING)

    paths = ["/reports/?current=unknown", "/reports/?current=unknown&export=csv"]
    fill(2)
    few = queries_per_path(admin_client, paths)
    fill(6)
    many = queries_per_path(admin_client, paths)
    assert many == few


# --- generating from the archive -----------------------------------------------------------


def _generate_form(response: object) -> str:
    return response.content.decode().split('aria-label="Generate report"', 1)[1].split("</form>", 1)[0]


def test_admins_generate_a_finished_month_from_the_archive(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    page = admin_client.get("/reports/", {"current": "true"})
    form = _generate_form(page)
    assert f'value="{last_finished_month():%Y-%m}"' in form  # the month that ended last, by default
    assert 'name="generate-reason"' in form

    with mock.patch("reports.tasks.generate_report.delay") as delay:
        response = admin_client.post(
            "/reports/?current=true",
            {"generate-vendor": vendor.pk, "generate-month": "2026-03", "generate-reason": "for the steering board"},
        )
    report = MonthlyReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/reports/?current=true"
    assert (report.vendor, report.month, report.version, report.state) == (vendor, MARCH, 1, State.GENERATING)
    assert (report.requested_by, report.reason) == (admin_user, "for the steering board")
    delay.assert_not_called()  # queued when the transaction commits (the test's never does)

    listed = admin_client.get("/reports/?current=true")
    assert "Generating Meridian Imaging Systems's report for 2026-03 (version 1)" in _text(listed)
    row = re.search(rf'<tr [^>]*id="report-{report.pk}"[^>]*>.*?</tr>', listed.content.decode(), re.S).group()
    assert f'hx-get="/reports/{report.pk}/progress/"' in row
    assert 'hx-trigger="every 2s"' in row
    assert 'class="progress"' in row
    assert "Waiting for a worker" in row


def test_the_task_is_queued_once_the_version_is_committed(
    admin_client: Client, vendor: Vendor, django_capture_on_commit_callbacks
) -> None:
    with mock.patch("reports.tasks.generate_report.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/reports/", {"generate-vendor": vendor.pk, "generate-month": "2026-03"})
    delay.assert_called_once_with(MonthlyReport.objects.get().pk)


def test_an_unfinished_month_or_a_running_generation_is_a_form_error(admin_client: Client, vendor: Vendor) -> None:
    this_month = timezone.localdate().replace(day=1)
    response = admin_client.post("/reports/", {"generate-vendor": vendor.pk, "generate-month": f"{this_month:%Y-%m}"})
    assert response.status_code == 400
    assert f"{this_month:%Y-%m} has not ended yet" in _text(response)
    assert not MonthlyReport.objects.exists()

    assert "Write the month as YYYY-MM" in _text(
        admin_client.post("/reports/", {"generate-vendor": vendor.pk, "generate-month": "x"})
    )
    assert "Select a valid choice" in _text(
        admin_client.post("/reports/", {"generate-vendor": 999999, "generate-month": "2026-03"})
    )

    running = report_for(vendor, MARCH, state=State.GENERATING)
    response = admin_client.post("/reports/", {"generate-vendor": vendor.pk, "generate-month": "2026-03"})
    assert response.status_code == 400
    assert "is being generated already (version 1, 40 % done)" in _text(response)
    assert 'class="alert alert-danger' in _generate_form(response)
    assert list(MonthlyReport.objects.all()) == [running]


def test_staff_read_the_archive_but_do_not_generate(staff_client: Client, vendor: Vendor) -> None:
    report_for(vendor, MARCH)
    page = staff_client.get("/reports/")
    assert page.status_code == 200
    assert 'aria-label="Generate report"' not in page.content.decode()
    assert (
        staff_client.post("/reports/", {"generate-vendor": vendor.pk, "generate-month": "2026-03"}).status_code == 403
    )
    assert MonthlyReport.objects.count() == 1


def test_vendor_users_never_reach_the_hospital_archive(vendor_client: Client, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH)
    for path in ("/reports/", f"/reports/{report.pk}/", f"/reports/{report.pk}/pdf/", "/reports/recipients/"):
        assert vendor_client.get(path).status_code == 404, path


# --- progress ------------------------------------------------------------------------------


def test_a_generating_row_refreshes_itself_until_the_version_is_done(admin_client: Client, vendor: Vendor) -> None:
    previous = report_for(vendor, MARCH)
    report = report_for(vendor, MARCH, version=2, state=State.GENERATING)
    MonthlyReport.objects.filter(pk=report.pk).update(progress=55, progress_note="Collecting KPIs")

    fragment = admin_client.get(f"/reports/{report.pk}/progress/")
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert html.lstrip().startswith("<tr ")
    assert f'id="report-{report.pk}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'aria-valuenow="55"' in html
    assert "Collecting KPIs" in html
    assert "55 %" in html

    assert "<template>" not in html  # nothing else changes while it runs

    # The worker finishes: the row comes back with the final status, and stops polling; the
    # version it replaced comes along (out of band) marked superseded.
    MonthlyReport.objects.filter(pk=previous.pk).update(is_current=False, superseded_by=report)
    MonthlyReport.objects.filter(pk=report.pk).update(
        state=State.READY, is_current=True, progress=100, pages=7, pdf_sha256="ab" * 32, generated_at=timezone.now()
    )
    done = admin_client.get(f"/reports/{report.pk}/progress/").content.decode()
    row, sibling = done.split("<template>")
    assert "hx-get" not in row
    assert "hx-trigger" not in row
    assert '<span class="badge text-bg-primary">Generated, not sent</span>' in row
    assert "abababababab…" in row
    assert ">7<" in row
    assert "Current" in row
    assert f'id="report-{previous.pk}"' in sibling
    assert 'hx-swap-oob="true"' in sibling
    assert "superseded by v2" in sibling
    assert sibling.rstrip().endswith("</template>")


def test_the_detail_page_of_a_generating_version_polls_and_reloads_when_done(
    admin_client: Client, vendor: Vendor
) -> None:
    report = report_for(vendor, MARCH, state=State.GENERATING)
    page = admin_client.get(f"/reports/{report.pk}/").content.decode()
    assert f'hx-get="/reports/{report.pk}/progress/?from=detail"' in page
    running = admin_client.get(f"/reports/{report.pk}/progress/", {"from": "detail"})
    assert "HX-Refresh" not in running
    assert "Collecting tickets" in running.content.decode()
    MonthlyReport.objects.filter(pk=report.pk).update(state=State.FAILED, error="boom")
    finished = admin_client.get(f"/reports/{report.pk}/progress/", {"from": "detail"})
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()


# --- a version's page ----------------------------------------------------------------------


def test_the_page_shows_the_figures_hashes_agreements_versions_and_deliveries(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    agreement = {
        "id": 999999,  # deleted since: shown as frozen, without a link
        "name": "SLA of MIS-2024-017",
        "version": 3,
        "contract_reference": "MIS-2024-017",
        "effective_from": "2026-01-01",
        "effective_to": None,
        "uptime_target_percent": "99.9",
        "updated_at": "2026-02-10T09:30:00+01:00",
    }
    first = report_for(vendor, MARCH)
    report = supersede(
        first,
        requested_by=admin_user,
        reason="late incident recorded",
        snapshot=snapshot_for(vendor, MARCH, agreements=[agreement]),
    )
    supersede(report)
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=ContactFactory(vendor=vendor, name="Sam Account"))
    delivery_for(report, recipient, state=OutboxEmail.State.SENT)
    delivery_for(
        report, None, email="gone@hospital.example", state=OutboxEmail.State.FAILED, kind=ReportDelivery.Kind.RESEND
    )

    response = admin_client.get(f"/reports/{report.pk}/")
    text = _text(response)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Meridian Imaging Systems: March 2026, version 2" in text
    assert "superseded by v3" in text
    assert "Requested by Petra Admin" in text
    assert "Reason late incident recorded" in text
    # The key figures, as frozen in the snapshot.
    assert "SLA not met." in text
    assert "116.6 minutes over the downtime budget" in text
    assert "Uptime 99.640 % target 99.9 %" in text
    assert "Credit owed 500.00 EUR 5 % of the fee · Owed" in text
    assert "Tickets opened 42" in text
    assert "Responses 95.2 %" in text
    assert "Resolutions 88.1 %" in text
    # Both hashes, whole, to copy.
    assert f'value="{report.pdf_sha256}"' in page
    assert f'value="{report.snapshot_sha256}"' in page
    assert "SLA of MIS-2024-017 3 MIS-2024-017 2026-01-01 – open-ended 99.9 % 2026-02-10 09:30" in text
    # Every version of the month, each marked.
    versions = page.split('id="report-versions"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/reports/{first.pk}/"' in versions
    assert "superseded by v2" in versions
    assert "v2 (this page)" in _strip(versions)
    assert "Current" in versions
    # Deliveries with their outbox state.
    assert "Sam Account" in text
    assert "Scheduled" in text
    assert "gone@hospital.example removed from the list Resent" in text
    assert '<span class="badge text-bg-danger">Failed</span>' in page
    assert "SMTP 451 try again later" in text
    # Admin actions.
    for action in ("pdf", "verify", "regenerate", "resend"):
        assert f"/reports/{report.pk}/{action}/" in page, action


def test_a_failed_version_shows_its_error_and_no_download(admin_client: Client, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH, state=State.FAILED)
    response = admin_client.get(f"/reports/{report.pk}/")
    text = _text(response)
    assert "Generation failed" in text
    assert "RuntimeError: the KPI roll-ups are missing" in text
    assert f"/reports/{report.pk}/pdf/" not in response.content.decode()
    assert admin_client.get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_staff_see_the_page_and_download_but_have_no_actions(staff_client: Client, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH)
    page = staff_client.get(f"/reports/{report.pk}/").content.decode()
    assert f"/reports/{report.pk}/pdf/" in page
    for action in ("verify", "regenerate", "resend"):
        assert f"/reports/{report.pk}/{action}/" not in page
        assert staff_client.post(f"/reports/{report.pk}/{action}/").status_code == 403
    assert staff_client.get(f"/reports/{report.pk}/pdf/").status_code == 200


def test_the_pdf_downloads_as_an_attachment_named_after_vendor_month_and_version(
    admin_client: Client, vendor: Vendor
) -> None:
    report = report_for(vendor, MARCH, version=1, pdf=b"%PDF-1.7 the report")
    response = admin_client.get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="meridian-imaging-systems-2026-03-v1.pdf"'
    assert response.content == b"%PDF-1.7 the report"
    generating = report_for(vendor, FEBRUARY, state=State.GENERATING)
    assert admin_client.get(f"/reports/{generating.pk}/pdf/").status_code == 404


# --- actions -------------------------------------------------------------------------------


def test_regenerate_makes_a_new_version_and_keeps_the_old_one(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    report = report_for(vendor, MARCH)
    response = admin_client.post(f"/reports/{report.pk}/regenerate/", {"reason": "incident of the 14th corrected"})
    fresh = MonthlyReport.objects.get(version=2)
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{fresh.pk}/"
    assert (fresh.state, fresh.reason, fresh.requested_by) == (
        State.GENERATING,
        "incident of the 14th corrected",
        admin_user,
    )
    report.refresh_from_db()
    assert report.is_current
    assert report.state == State.READY

    again = admin_client.post(f"/reports/{report.pk}/regenerate/", {"reason": "twice"}, follow=True)
    assert "is being generated already (version 2" in _text(again)
    assert MonthlyReport.objects.count() == 2


def test_resend_emails_the_version_to_active_recipients_or_says_why_not(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    report = report_for(vendor, MARCH)
    nobody = admin_client.post(f"/reports/{report.pk}/resend/", follow=True)
    assert "No recipient to send to" in _text(nobody)

    reader = ReportRecipient.objects.create(vendor=vendor, contact=ContactFactory(vendor=vendor, email="sam@v.example"))
    ReportRecipient.objects.create(
        vendor=vendor, contact=ContactFactory(vendor=vendor, email="gone@v.example"), opted_out_at=timezone.now()
    )
    done = admin_client.post(f"/reports/{report.pk}/resend/", follow=True)
    assert "Version 1 queued for 1 recipient: sam@v.example." in _text(done)
    delivery = ReportDelivery.objects.get()
    assert (delivery.kind, delivery.recipient, delivery.requested_by) == (
        ReportDelivery.Kind.RESEND,
        reader,
        admin_user,
    )
    assert delivery.outbox_email.to == ["sam@v.example"]

    # One chosen recipient.
    other = ReportRecipient.objects.create(vendor=vendor, contact=ContactFactory(vendor=vendor, email="kim@v.example"))
    admin_client.post(f"/reports/{report.pk}/resend/", {"recipient": other.pk})
    assert ReportDelivery.objects.filter(recipient=other).count() == 1
    assert ReportDelivery.objects.filter(recipient=reader).count() == 1

    generating = report_for(vendor, FEBRUARY, state=State.GENERATING)
    refused = admin_client.post(f"/reports/{generating.pk}/resend/", follow=True)
    assert "Version 1 is not a generated report" in _text(refused)


def test_verify_renders_the_pdf_again_and_compares_the_hashes(admin_client: Client, world: object) -> None:
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == State.READY, report.error

    verified = admin_client.post(f"/reports/{report.pk}/verify/", follow=True)
    assert (
        "Verified: the PDF rendered again from the snapshot is identical to the stored one "
        f"(SHA-256 {report.pdf_sha256})." in _text(verified)
    )
    assert "alert-success" in verified.content.decode()

    # The stored bytes were swapped behind the application's back.
    ReportDocument.objects.filter(report=report).update(pdf=b"%PDF-1.7 forged")
    forged = admin_client.post(f"/reports/{report.pk}/verify/", follow=True)
    assert "Verification failed: the stored PDF hashes to" in _text(forged)
    assert "alert-danger" in forged.content.decode()

    # A snapshot edited in the database: re-rendering gives other bytes.
    snapshot = report.snapshot
    snapshot["sections"]["summary"]["uptime_percent"] = "99.999"
    MonthlyReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    edited = admin_client.post(f"/reports/{report.pk}/verify/", follow=True)
    text = _text(edited)
    assert "the stored snapshot hashes to" in text
    assert "the PDF rendered from the snapshot hashes to" in text


def test_verify_refuses_a_version_without_a_pdf(admin_client: Client, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH, state=State.FAILED)
    response = admin_client.post(f"/reports/{report.pk}/verify/", follow=True)
    assert "has no generated PDF to verify" in _text(response)
