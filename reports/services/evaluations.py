"""Generating an evaluation's PDF: the row first, in the state 'generating' (so its page shows
progress), then the snapshot and the PDF in a Celery task, stored together. One PDF per
evaluation, and only of a finalised one (its scores frozen); generating it again (the plan's
items moved on) rebuilds it; never two builds of one PDF at once."""

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.locks import session_lock
from core.permissions import require
from reports.evaluation import evaluation_snapshot, render_evaluation_pdf
from reports.models import EvaluationReport, EvaluationReportDocument
from scorecards.models import Evaluation
from scorecards.selectors.evaluations import FROZEN_STATES

logger = logging.getLogger(__name__)


@transaction.atomic
def _report_start(evaluation: Evaluation, requested_by: User) -> EvaluationReport:
    """The evaluation's PDF row in the state 'generating' (made, or made again)."""
    require(requested_by, "report.manage")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.state not in FROZEN_STATES:
        raise ValidationError(
            {"evaluation": "Only a finalised evaluation has a PDF: its scores are frozen when it is finalised."}
        )
    report = EvaluationReport.objects.select_for_update().filter(evaluation=evaluation).first()
    if report is not None and report.state == EvaluationReport.State.GENERATING:
        raise ValidationError({"evaluation": f"The PDF is being generated ({report.progress} % done)."})
    if report is None:
        report = EvaluationReport(evaluation=evaluation, vendor_id=evaluation.vendor_id)
    report.state = EvaluationReport.State.GENERATING
    report.requested_by = requested_by
    report.progress, report.progress_note, report.progress_at, report.error = (
        0,
        "Waiting for a worker",
        timezone.now(),
        "",
    )
    report.save()
    return report


@transaction.atomic
def evaluation_report_queue(*, evaluation: Evaluation, requested_by: User) -> EvaluationReport:
    """Start (or start again) the evaluation's PDF and queue its build for a worker."""
    report = _report_start(evaluation, requested_by)
    from reports.tasks import generate_evaluation_report

    report_id = report.pk
    transaction.on_commit(lambda: generate_evaluation_report.delay(report_id))
    return report


def evaluation_report_generate(
    *, evaluation: Evaluation, requested_by: User, now: datetime.datetime | None = None
) -> EvaluationReport:
    """Start the evaluation's PDF and build it here, without a worker (the demo seed)."""
    report = _report_start(evaluation, requested_by)
    return evaluation_report_build(report_id=report.pk, now=now) or report


def _progress(report_id: int, percent: int, note: str) -> None:
    EvaluationReport.objects.filter(pk=report_id).update(
        progress=percent, progress_note=note, progress_at=timezone.now()
    )


def evaluation_report_build(*, report_id: int, now: datetime.datetime | None = None) -> EvaluationReport | None:
    """Build a generating PDF's snapshot and PDF. Returns the row as it ends up, or None when
    another worker is building it right now. Safe to call again."""
    with session_lock(f"evaluation-report-build:{report_id}") as acquired:
        if not acquired:
            return None
        report = EvaluationReport.objects.select_related("vendor", "evaluation__vendor", "evaluation__template").get(
            pk=report_id
        )
        if report.state != EvaluationReport.State.GENERATING:
            return report
        try:
            _progress(report_id, 10, "Collecting the scores, surveys and plan")
            snapshot = evaluation_snapshot(report.evaluation, now=now)
            _progress(report_id, 60, "Drawing charts and laying out the PDF")
            rendered = render_evaluation_pdf(snapshot)
            _progress(report_id, 95, "Storing the PDF")
            _store(report_id, snapshot, rendered.content, rendered.pages)
        except Exception as error:
            logger.exception("Evaluation PDF %s could not be generated", report_id)
            EvaluationReport.objects.filter(pk=report_id).update(
                state=EvaluationReport.State.FAILED,
                error=f"{error.__class__.__name__}: {error}"[:2000],
                progress_note="Failed",
                progress_at=timezone.now(),
            )
        report.refresh_from_db()
        return report


@transaction.atomic
def _store(report_id: int, snapshot: dict, pdf: bytes, pages: int) -> None:
    now = timezone.now()
    report = EvaluationReport.objects.select_for_update().get(pk=report_id)
    report.snapshot = snapshot
    report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    report.pdf_size = len(pdf)
    report.pages = pages
    report.generated_at = now
    report.state = EvaluationReport.State.READY
    report.progress, report.progress_note, report.progress_at, report.error = 100, "Done", now, ""
    report.save()
    EvaluationReportDocument.objects.update_or_create(report=report, defaults={"pdf": pdf})
