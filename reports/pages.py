"""A report version's (or a QBR pack's) PDF as a download: the hospital UI, the portal and the API serve it the
same way (each having found the report through ``visible_to``)."""

import datetime

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from reports.access_log import access_log_filename, access_log_pdf
from reports.models import (
    EvaluationReport,
    EvaluationReportDocument,
    MonthlyReport,
    QbrPack,
    QbrPackDocument,
    ReportDocument,
)
from vendors.models import Vendor


def report_pdf_response(report: MonthlyReport) -> HttpResponse:
    """The PDF bytes as an attachment named after the vendor, month and version; 404 for a
    version that has no PDF (generating or failed)."""
    if report.state != MonthlyReport.State.READY:
        raise Http404("This version has no PDF.")
    pdf = ReportDocument.objects.filter(report_id=report.pk).values_list("pdf", flat=True).first()
    if pdf is None:
        raise Http404("The PDF is missing.")
    return _pdf_attachment(bytes(pdf), report.filename)


def _pdf_attachment(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def qbr_pack_pdf_response(pack: QbrPack) -> HttpResponse:
    """A QBR pack's PDF as an attachment; 404 while it has none (generating or failed)."""
    if pack.state != QbrPack.State.READY:
        raise Http404("This pack has no PDF yet.")
    pdf = QbrPackDocument.objects.filter(pack_id=pack.pk).values_list("pdf", flat=True).first()
    if pdf is None:
        raise Http404("The PDF is missing.")
    return _pdf_attachment(bytes(pdf), pack.filename)


def evaluation_report_pdf_response(report: EvaluationReport) -> HttpResponse:
    """An evaluation's PDF as an attachment; 404 while it has none (generating or failed)."""
    if report.state != EvaluationReport.State.READY:
        raise Http404("This evaluation has no PDF yet.")
    pdf = EvaluationReportDocument.objects.filter(report_id=report.pk).values_list("pdf", flat=True).first()
    if pdf is None:
        raise Http404("The PDF is missing.")
    return _pdf_attachment(bytes(pdf), report.filename)


def access_log_pdf_response(vendor: Vendor, month: datetime.date) -> HttpResponse:
    """A vendor's monthly access log (``reports.access_log``) as an attachment, rendered now."""
    return _pdf_attachment(access_log_pdf(vendor, month).content, access_log_filename(vendor, month))
