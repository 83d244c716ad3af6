"""Generating report versions: the archive row, the frozen snapshot, the PDF and its hashes;
regenerating (old versions kept unchanged and marked superseded); failures; whole months only;
one generation at a time; the same snapshot always gives the same PDF."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from core.months import last_finished_month
from reports.models import MonthlyReport, ReportDocument
from reports.rendering import render_pdf
from reports.sections.order import SECTIONS
from reports.services import generation
from reports.services.generation import (
    MonthNotReportable,
    ReportBusy,
    report_build,
    report_generate,
    report_start,
    reportable_month,
    stalled_generations,
)
from reports.snapshot import snapshot_sha256
from reports.tests.conftest import BERLIN, MONTH

pytestmark = pytest.mark.django_db


def stored(report: MonthlyReport) -> dict:
    """What must never change once a version is generated."""
    report = MonthlyReport.objects.get(pk=report.pk)
    return {
        "pdf": bytes(ReportDocument.objects.get(report=report).pdf),
        "pdf_sha256": report.pdf_sha256,
        "snapshot": report.snapshot,
        "snapshot_sha256": report.snapshot_sha256,
        "pages": report.pages,
        "generated_at": report.generated_at,
        "state": report.state,
        "version": report.version,
    }


def test_a_generated_version_is_ready_current_and_carries_its_hashes(world) -> None:
    heard: list[tuple[int, str]] = []
    before = timezone.now()

    report = report_generate(vendor=world.vendor, month=MONTH, progress=lambda p, n: heard.append((p, n)))

    report = MonthlyReport.objects.get(pk=report.pk)
    assert report.error == ""
    assert (report.state, report.is_current, report.version) == (MonthlyReport.State.READY, True, 1)
    assert report.month == MONTH
    assert before <= report.generated_at <= timezone.now()
    assert (report.progress, report.progress_note) == (100, "Done")
    pdf = bytes(report.document.pdf)
    assert pdf.startswith(b"%PDF-")
    assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.pdf_size == len(pdf)
    assert report.pages > 1
    assert report.snapshot_sha256 == snapshot_sha256(report.snapshot)
    assert set(report.snapshot["sections"]) == {section.KEY for section in SECTIONS}
    assert report.snapshot["month"] == "2026-10"
    assert report.snapshot["vendor"]["name"] == world.vendor.name
    assert report.snapshot["contract"]["reference"] == world.contract.reference
    assert [a["id"] for a in report.snapshot["agreements"]] == [world.agreement.pk]
    assert list(report.agreements.all()) == [world.agreement]
    assert report.snapshot["period"]["complete"] is True
    # The month's figures made it into the snapshot.
    sections = report.snapshot["sections"]
    assert sections["tickets"]["opened"] == 4
    assert sections["tickets"]["response_compliance_percent"] == "75.0"
    assert len(sections["availability"]["incidents"]) == 2
    assert sections["summary"]["sla_met"] is False
    # Progress went forward, step by step, and was written to the row as it went.
    percents = [percent for percent, _ in heard]
    assert percents == sorted(percents)
    assert [note for _, note in heard][-2:] == ["Drawing charts and laying out the PDF", "Storing the PDF"]


def test_regenerating_makes_a_new_current_version_and_keeps_the_old_one_unchanged(world, admin_user) -> None:
    first = report_generate(vendor=world.vendor, month=MONTH)
    kept = stored(first)

    second = report_generate(vendor=world.vendor, month=MONTH, requested_by=admin_user, reason="Incident reclassified")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.version, second.state, second.is_current) == (2, MonthlyReport.State.READY, True)
    assert (second.requested_by, second.reason) == (admin_user, "Incident reclassified")
    assert first.is_current is False
    assert first.superseded_by == second
    assert second.generated_at <= first.superseded_at <= timezone.now()
    assert stored(first) == kept  # same bytes, same hashes, same snapshot
    assert second.snapshot_sha256 != first.snapshot_sha256  # generated at another instant
    assert MonthlyReport.objects.filter(vendor=world.vendor, month=MONTH, is_current=True).get() == second

    third = report_generate(vendor=world.vendor, month=MONTH)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.superseded_by == second  # still points at the version that replaced it
    assert second.superseded_by == third
    assert stored(first) == kept
    assert list(MonthlyReport.objects.filter(vendor=world.vendor).values_list("version", "is_current")) == [
        (3, True),
        (2, False),
        (1, False),
    ]


def test_a_failure_while_building_leaves_the_version_failed_and_the_previous_one_current(world, monkeypatch) -> None:
    first = report_generate(vendor=world.vendor, month=MONTH)
    kept = stored(first)

    def broken_renderer(snapshot: dict) -> None:
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(generation, "render_pdf", broken_renderer)
    failed = report_generate(vendor=world.vendor, month=MONTH)

    failed.refresh_from_db()
    assert (failed.version, failed.state, failed.is_current) == (2, MonthlyReport.State.FAILED, False)
    assert failed.error == "RuntimeError: font cache is corrupt"
    assert failed.progress_note == "Failed"
    assert (failed.pdf_sha256, failed.snapshot, failed.pages) == ("", None, 0)
    assert not ReportDocument.objects.filter(report=failed).exists()
    first.refresh_from_db()
    assert first.is_current is True
    assert first.superseded_by is None
    assert stored(first) == kept
    # A failed version does not block the next attempt.
    monkeypatch.undo()
    third = report_generate(vendor=world.vendor, month=MONTH)
    assert (third.version, third.state, third.is_current) == (3, MonthlyReport.State.READY, True)
    failed.refresh_from_db()
    assert (failed.state, failed.superseded_by) == (MonthlyReport.State.FAILED, None)


def test_only_months_that_have_ended_are_reported(world) -> None:
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(MonthNotReportable, match="has not ended yet"):
        report_generate(vendor=world.vendor, month=this_month)
    with pytest.raises(MonthNotReportable):
        report_start(vendor=world.vendor, month=datetime.date(2031, 1, 1))
    assert not MonthlyReport.objects.exists()

    # The month ends at midnight in the hospital's zone, not in UTC.
    november_end = datetime.datetime(2026, 12, 1, tzinfo=BERLIN)
    with pytest.raises(MonthNotReportable):
        reportable_month(datetime.date(2026, 11, 17), now=november_end - datetime.timedelta(seconds=1))
    assert reportable_month(datetime.date(2026, 11, 17), now=november_end) == datetime.date(2026, 11, 1)
    assert last_finished_month(now=november_end) == datetime.date(2026, 11, 1)
    assert last_finished_month(now=november_end - datetime.timedelta(seconds=1)) == datetime.date(2026, 10, 1)


def test_one_generation_of_a_vendor_month_at_a_time(world, other_vendor) -> None:
    running = report_start(vendor=world.vendor, month=MONTH)
    assert (running.state, running.version, running.is_current) == (MonthlyReport.State.GENERATING, 1, False)

    with pytest.raises(ReportBusy) as busy:
        report_start(vendor=world.vendor, month=MONTH)
    assert busy.value.report == running
    with pytest.raises(ReportBusy):
        report_generate(vendor=world.vendor, month=MONTH)
    assert MonthlyReport.objects.filter(vendor=world.vendor).count() == 1
    # Another month, or another vendor, is not held up.
    assert report_start(vendor=world.vendor, month=datetime.date(2026, 9, 1)).version == 1
    assert report_start(vendor=other_vendor, month=MONTH).version == 1

    # Finishing the row lets the next version start.
    assert report_build(report_id=running.pk).state == MonthlyReport.State.READY
    assert report_start(vendor=world.vendor, month=MONTH).version == 2


def test_building_a_row_that_is_already_built_changes_nothing(world) -> None:
    report = report_generate(vendor=world.vendor, month=MONTH)
    kept = stored(report)

    again = report_build(report_id=report.pk)

    assert again == report
    assert stored(report) == kept


def test_a_generation_is_stalled_once_its_progress_stops_for_a_while(world) -> None:
    running = report_start(vendor=world.vendor, month=MONTH)
    started = running.progress_at

    assert stalled_generations(now=started + generation.STALLED_AFTER - datetime.timedelta(seconds=1)) == []
    assert stalled_generations(now=started + generation.STALLED_AFTER + datetime.timedelta(seconds=1)) == [running.pk]
    MonthlyReport.objects.filter(pk=running.pk).update(state=MonthlyReport.State.FAILED)
    assert stalled_generations(now=started + datetime.timedelta(days=1)) == []  # only generating rows


def test_the_pdf_is_reproducible_from_the_stored_snapshot(world) -> None:
    report = report_generate(vendor=world.vendor, month=MONTH)
    snapshot = MonthlyReport.objects.get(pk=report.pk).snapshot  # as read back from PostgreSQL

    once, twice = render_pdf(snapshot), render_pdf(snapshot)

    assert once.content == twice.content
    assert once.sha256 == twice.sha256 == report.pdf_sha256
    assert once.pages == report.pages


def test_a_failed_generation_tells_each_hospital_admin_once(world, monkeypatch) -> None:
    from notifications.models import Notification

    def broken_renderer(snapshot: dict) -> None:
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(generation, "render_pdf", broken_renderer)
    failed = report_generate(vendor=world.vendor, month=MONTH)
    report_build(report_id=failed.pk)  # building the failed row again changes nothing

    told = Notification.objects.filter(dedupe_key=f"report-failed:{failed.pk}")
    assert list(told.values_list("recipient", flat=True)) == [world.admin.pk]
    assert "font cache is corrupt" in told.get().body
    assert told.get().url == f"/reports/{failed.pk}/"


def test_the_monthly_run_stops_retrying_a_month_that_keeps_failing(world, monkeypatch) -> None:
    from reports.models import ReportRun
    from reports.services.runs import (
        AUTOMATIC_ATTEMPTS,
        RETRY_INCOMPLETE_AFTER,
        monthly_reports_send,
        reports_recover,
    )

    def broken_renderer(snapshot: dict) -> None:
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(generation, "render_pdf", broken_renderer)
    for _ in range(AUTOMATIC_ATTEMPTS + 2):
        outcome = monthly_reports_send(month=MONTH)
        assert outcome.failed == [world.vendor.pk]
    reports_recover()
    attempts = MonthlyReport.objects.filter(vendor=world.vendor, month=MONTH)
    assert attempts.count() == AUTOMATIC_ATTEMPTS
    assert set(attempts.values_list("state", flat=True)) == {MonthlyReport.State.FAILED}
    run = ReportRun.objects.get(month=MONTH)
    assert run.finished_at is None
    assert "failed to generate" in run.last_error
    # Once an admin regenerates it, the next recovery after an hour sends it and finishes the run.
    monkeypatch.undo()
    report_generate(vendor=world.vendor, month=MONTH)
    reports_recover(now=timezone.now() + RETRY_INCOMPLETE_AFTER + datetime.timedelta(seconds=1))
    run.refresh_from_db()
    assert run.finished_at is not None
    assert MonthlyReport.objects.get(vendor=world.vendor, month=MONTH, is_current=True).deliveries.count() == 4
