"""Generating an evaluation's PDF: the row first, in the state 'generating' (so its page shows
progress), then the snapshot and the PDF in a Celery task, stored together. One PDF per
evaluation, and only of a finalised one (its scores frozen); generating it again (the plan's
items moved on) rebuilds it; never two builds of one PDF at once."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from reports.evaluation import evaluation_snapshot, render_evaluation_pdf
from reports.models import EvaluationReport, EvaluationReportDocument
from reports.services.pdf_builds import PdfBuild, pdf_build
from scorecards.models import Evaluation
from scorecards.selectors.evaluations import FROZEN_STATES


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


EVALUATION_PDF = PdfBuild(
    name="Evaluation PDF",
    model=EvaluationReport,
    document_model=EvaluationReportDocument,
    document_link="report",
    select_related=("vendor", "evaluation__vendor", "evaluation__template"),
    collecting="Collecting the scores, surveys and plan",
    snapshot=lambda report, now: evaluation_snapshot(report.evaluation, now=now),
    render=lambda snapshot: render_evaluation_pdf(snapshot),
)


def evaluation_report_build(*, report_id: int, now: datetime.datetime | None = None) -> EvaluationReport | None:
    """Build a generating PDF's snapshot and PDF (``reports.services.pdf_builds``); None when
    another worker is building it right now. Safe to call again."""
    return pdf_build(EVALUATION_PDF, row_id=report_id, now=now)
