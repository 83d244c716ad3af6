"""A report version's PDF as a download: the hospital UI, the portal and the API serve it the
same way (each having found the report through ``visible_to``)."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from reports.models import MonthlyReport, ReportDocument


def report_pdf_response(report: MonthlyReport) -> HttpResponse:
    """The PDF bytes as an attachment named after the vendor, month and version; 404 for a
    version that has no PDF (generating or failed)."""
    if report.state != MonthlyReport.State.READY:
        raise Http404("This version has no PDF.")
    pdf = ReportDocument.objects.filter(report_id=report.pk).values_list("pdf", flat=True).first()
    if pdf is None:
        raise Http404("The PDF is missing.")
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=report.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
