"""Generating a report version: a row in the archive first (so the page can show progress),
then the snapshot, then the PDF, stored together; the new version becomes the current one and
the previous one is marked superseded. Old versions are never changed or deleted.

One generation per vendor-month runs at a time (a partial unique constraint). The worker doing it
holds a PostgreSQL session lock on the row; if the worker dies the lock goes with its
connection, and the recovery (beat: every few minutes) finishes the row once its progress has
not moved for STALLED_AFTER.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.locks import session_lock, transaction_lock
from core.months import month_bounds, month_start
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from reports.models import MonthlyReport, ReportDocument
from reports.rendering import render_pdf
from reports.snapshot import snapshot_build, snapshot_sha256
from vendors.models import Vendor

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

# A generating row whose progress has not moved for this long, and whose lock is free, was
# left by a worker that died: the recovery builds it again.
STALLED_AFTER = datetime.timedelta(minutes=5)


class ReportBusy(Exception):
    """A version of this vendor-month is being generated right now."""

    def __init__(self, report: MonthlyReport) -> None:
        super().__init__(f"The report for {report.vendor} {report.month:%Y-%m} is being generated already.")
        self.report = report


class ReportCurrent(Exception):
    """The vendor-month has a generated version already (the monthly run makes the first only)."""

    def __init__(self, report: MonthlyReport) -> None:
        super().__init__(f"The report for {report.vendor} {report.month:%Y-%m} is generated already.")
        self.report = report


class MonthNotReportable(ValueError):
    """The month has not ended yet (or is malformed)."""


def reportable_month(month: datetime.date, now: datetime.datetime | None = None) -> datetime.date:
    """The month's first day, if the month has ended in the hospital's zone."""
    first = month_start(month)
    _, end = month_bounds(first)
    if end > (now or timezone.now()):
        raise MonthNotReportable(f"{first:%Y-%m} has not ended yet: reports cover whole months.")
    return first


@transaction.atomic
def report_start(
    *,
    vendor: Vendor,
    month: datetime.date,
    requested_by: User | None = None,
    reason: str = "",
    unless_current: bool = False,
) -> MonthlyReport:
    """The archive row of a new version, in the state 'generating'. Raises ReportBusy while
    another version of the same month is generating, and with ``unless_current`` (the monthly
    run) ReportCurrent when a generated version exists."""
    month = reportable_month(month)
    transaction_lock(f"report-version:{vendor.pk}:{month:%Y-%m}")
    running = MonthlyReport.objects.filter(vendor=vendor, month=month, state=MonthlyReport.State.GENERATING).first()
    if running is not None:
        raise ReportBusy(running)
    if unless_current:
        # Read after the check above: a generation finishing in between commits 'ready' and
        # 'current' together, so one of the two reads sees it (a run never makes a second one).
        current = MonthlyReport.objects.filter(vendor=vendor, month=month, is_current=True).first()
        if current is not None:
            raise ReportCurrent(current)
    latest = MonthlyReport.objects.filter(vendor=vendor, month=month).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            return MonthlyReport.objects.create(
                vendor=vendor,
                month=month,
                version=latest + 1,
                requested_by=requested_by,
                reason=reason[:300],
                progress_note="Waiting for a worker",
                progress_at=timezone.now(),
            )
    except IntegrityError as error:  # the constraint behind the lock: never two at once
        raise ReportBusy(MonthlyReport.objects.get(vendor=vendor, month=month, state="generating")) from error


def _build_lock(report_id: int) -> AbstractContextManager[bool]:
    # A session lock: progress commits as the build goes on.
    return session_lock(f"report-build:{report_id}")


def _progress_writer(report_id: int, listener: Progress | None) -> Progress:
    def write(percent: int, note: str) -> None:
        MonthlyReport.objects.filter(pk=report_id).update(
            progress=percent, progress_note=note, progress_at=timezone.now()
        )
        if listener is not None:
            listener(percent, note)

    return write


def _store(report: MonthlyReport, snapshot: dict, agreement_ids: list[int], pdf: bytes, pages: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        previous = (
            MonthlyReport.objects.select_for_update()
            .filter(vendor_id=report.vendor_id, month=report.month, is_current=True)
            .first()
        )
        if previous is not None:
            previous.is_current = False
            previous.superseded_at = now
            previous.superseded_by = report
            previous.save(update_fields=["is_current", "superseded_at", "superseded_by", "updated_at"])
        report.snapshot = snapshot
        report.snapshot_sha256 = snapshot_sha256(snapshot)
        report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        report.pdf_size = len(pdf)
        report.pages = pages
        report.generated_at = now
        report.state = MonthlyReport.State.READY
        report.is_current = True
        report.progress = 100
        report.progress_note = "Done"
        report.progress_at = now
        report.error = ""
        report.save()
        ReportDocument.objects.update_or_create(report=report, defaults={"pdf": pdf})
        report.agreements.set(agreement_ids)


def report_build(
    *, report_id: int, progress: Progress | None = None, now: datetime.datetime | None = None
) -> MonthlyReport | None:
    """Build the snapshot and PDF of a generating row. Returns the row as it ends up, or None
    when another worker is building it right now. Safe to call again for the same row."""
    with _build_lock(report_id) as acquired:
        if not acquired:
            return None
        report = MonthlyReport.objects.select_related("vendor").get(pk=report_id)
        if report.state != MonthlyReport.State.GENERATING:
            return report
        write = _progress_writer(report.pk, progress)
        try:
            write(2, "Collecting the month's figures")
            snapshot, agreement_ids = snapshot_build(report.vendor, report.month, now=now, progress=write)
            write(70, "Drawing charts and laying out the PDF")
            rendered = render_pdf(snapshot)
            write(95, "Storing the PDF")
            _store(report, snapshot, agreement_ids, rendered.content, rendered.pages)
        except Exception as error:
            logger.exception("Report %s could not be generated", report_id)
            MonthlyReport.objects.filter(pk=report_id).update(
                state=MonthlyReport.State.FAILED,
                error=f"{error.__class__.__name__}: {error}"[:2000],
                progress_note="Failed",
                progress_at=timezone.now(),
            )
            report.refresh_from_db()
            _report_failure(report)
        report.refresh_from_db()
        return report


def _report_failure(report: MonthlyReport) -> None:
    """Tell hospital admins, once per version: a failed report must not go unnoticed."""
    notify(
        event=EventType.REPORT_GENERATION_FAILED,
        recipients=hospital_admins(),
        title=f"Report not generated: {report.vendor} {report.month:%Y-%m} (version {report.version})",
        body=f"{report.error}\n\nRegenerate it from the archive once the cause is fixed.",
        url=reverse("reports:report_detail", args=[report.pk]),
        level=Notification.Level.DANGER,
        dedupe_key=f"report-failed:{report.pk}",
    )


def report_generate(
    *,
    vendor: Vendor,
    month: datetime.date,
    requested_by: User | None = None,
    reason: str = "",
    progress: Progress | None = None,
) -> MonthlyReport:
    """Generate a new version now, in this process (the command, the schedule, tests)."""
    report = report_start(vendor=vendor, month=month, requested_by=requested_by, reason=reason)
    built = report_build(report_id=report.pk, progress=progress)
    return built if built is not None else report


def report_queue(*, vendor: Vendor, month: datetime.date, requested_by: User, reason: str = "") -> MonthlyReport:
    """Start a new version and leave the work to a Celery worker (pages and the API)."""
    from reports.tasks import generate_report

    with transaction.atomic():
        report = report_start(vendor=vendor, month=month, requested_by=requested_by, reason=reason)
        transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def stalled_generations(now: datetime.datetime | None = None) -> list[int]:
    cutoff = (now or timezone.now()) - STALLED_AFTER
    return list(
        MonthlyReport.objects.filter(state=MonthlyReport.State.GENERATING, progress_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
