"""A vendor's monthly access log as a PDF (``reports.access_log``) for the hospital: a small form
(vendor, month) whose GET answers the PDF once both are valid."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView

from core.views.mixins import HospitalUserRequiredMixin
from reports.forms import AccessLogMonthForm
from reports.pages import access_log_pdf_response


class AccessLogPdfView(HospitalUserRequiredMixin, TemplateView):
    template_name = "reports/access_log.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.GET:
            return self.render_to_response({"form": AccessLogMonthForm(user=request.user)})
        form = AccessLogMonthForm(request.GET, user=request.user)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        return access_log_pdf_response(form.cleaned_data["vendor"], form.cleaned_data["month"])
