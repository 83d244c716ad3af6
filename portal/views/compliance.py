"""Compliance documents in the vendor portal: which documents the hospital asks of the vendor and
the state of each, the vendor's documents and their reviews, uploading a new version (it waits
for the hospital's review), the download."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from compliance.filters.documents import ComplianceDocumentFilterSet
from compliance.forms.documents import PortalDocumentSubmitForm
from compliance.models import ComplianceDocument
from compliance.pages.documents import document_context, vendor_matrix_row
from compliance.selectors.documents import document_list
from compliance.services.documents import document_submit
from core.forms import add_service_errors
from core.permissions import can
from core.views.mixins import ScopedQuerysetMixin, protected_file_response
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalComplianceDocumentTable


class PortalComplianceView(PortalListView):
    queryset = document_list()
    filterset_class = ComplianceDocumentFilterSet
    table_class = PortalComplianceDocumentTable
    template_name = "portal/compliance.html"
    title = "Compliance documents"
    export_filename = "compliance-documents"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["row"] = vendor_matrix_row(self.vendor, user=self.request.user, today=timezone.localdate())
        context["can_submit"] = can(self.request.user, "compliance.document_submit")
        return context


class PortalDocumentDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = document_list()
    template_name = "portal/compliance_document_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        download_url = reverse("portal:compliance_document_download", kwargs={"pk": self.object.pk})
        context.update(document_context(self.object, user=self.request.user, download_url=download_url))
        return context


class PortalDocumentSubmitView(PortalMixin, FormView):
    """Upload a new version of a document for the vendor's own account; ``?document_type=<id>``
    preselects the type (the links on the overview)."""

    permission_action = "compliance.document_submit"
    form_class = PortalDocumentSubmitForm
    template_name = "portal/compliance_document_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "vendor": self.vendor}

    def get_initial(self) -> dict[str, Any]:
        return {"document_type": self.request.GET.get("document_type")}

    def form_valid(self, form: PortalDocumentSubmitForm) -> HttpResponse:
        try:
            document = document_submit(vendor=self.vendor, submitted_by=self.request.user, **form.submitted())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{document} uploaded. The hospital reviews it; you are told the outcome.")
        return HttpResponseRedirect(reverse("portal:compliance_document_detail", kwargs={"pk": document.pk}))


class PortalDocumentDownloadView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = ComplianceDocument

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)
