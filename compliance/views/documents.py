"""Hospital pages of compliance documents: the matrix of vendors x required types (and its CSV),
the list, a document with its versions and review, filing a document, the scoped download."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from compliance.filters.documents import ComplianceDocumentFilterSet
from compliance.forms.documents import DocumentReviewForm, DocumentSubmitForm
from compliance.matrix import STATUS_COLOURS, STATUS_LABELS, CellStatus
from compliance.models import ComplianceDocument
from compliance.pages.documents import document_context
from compliance.selectors.documents import ComplianceMatrix, compliance_matrix, document_list
from compliance.services.documents import document_review, document_submit
from compliance.tables.documents import ComplianceDocumentTable
from core.exports import csv_download, csv_lines
from core.forms import add_service_errors
from core.permissions import can
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin, protected_file_response
from vendors.models import Vendor

# The matrix's states, worst first, for its summary and legend.
MATRIX_STATES = [CellStatus.MISSING, CellStatus.EXPIRED, CellStatus.EXPIRING, CellStatus.PENDING, CellStatus.VALID]


class ComplianceMatrixView(HospitalUserRequiredMixin, TemplateView):
    """Every active vendor against every active document type; ``?export=csv`` downloads it."""

    template_name = "compliance/matrix.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.kind = request.GET.get("kind", "")
        if self.kind not in Vendor.Kind.values:
            self.kind = ""
        matrix = compliance_matrix(user=request.user, today=timezone.localdate(), vendors=self.vendors())
        if request.GET.get("export") == "csv":
            return csv_download(matrix_csv(matrix), filename="compliance-matrix")
        return self.render_to_response(self.get_context_data(matrix=matrix))

    def vendors(self) -> Any:
        vendors = Vendor.objects.filter(active=True)
        return vendors.filter(kind=self.kind) if self.kind else vendors

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        matrix: ComplianceMatrix = context["matrix"]
        context["totals"] = [
            (STATUS_LABELS[state], STATUS_COLOURS[state], matrix.total(state)) for state in MATRIX_STATES
        ]
        context["kinds"] = Vendor.Kind.choices
        context["kind"] = self.kind
        context["can_submit"] = can(self.request.user, "compliance.document_submit")
        return context


def matrix_csv(matrix: ComplianceMatrix) -> Any:
    header = ["Vendor", "Kind", "Hosts our data", *(t.name for t in matrix.document_types), "Valid", "Required"]
    rows = (
        [
            row.vendor.name,
            row.vendor.get_kind_display(),
            "yes" if row.vendor.hosts_data else "no",
            *(
                f"{cell.label} (until {cell.accepted_until:%Y-%m-%d})"
                if cell.required and cell.accepted_until
                else cell.label
                for cell in row.cells
            ),
            row.valid_count,
            row.required_count,
        ]
        for row in matrix.rows
    )
    return csv_lines(header, rows)


class DocumentListView(ObjectListView):
    manage_action = "compliance.document_submit"
    queryset = document_list()
    filterset_class = ComplianceDocumentFilterSet
    table_class = ComplianceDocumentTable
    export_filename = "compliance-documents"
    add_label = "Upload a document"


class DocumentDetailView(ObjectDetailView):
    queryset = document_list()
    template_name = "compliance/compliancedocument_detail.html"
    review_form: DocumentReviewForm | None = None

    def get_related(self) -> dict[str, Any]:
        document = self.object
        context = document_context(
            document,
            user=self.request.user,
            download_url=reverse("compliance:compliancedocument_download", kwargs={"pk": document.pk}),
        )
        if document.is_pending and can(self.request.user, "compliance.document_review", document):
            context["review_form"] = self.review_form or DocumentReviewForm()
        return context


class DocumentReviewView(DocumentDetailView):
    """POST a review; on an error the document is shown again with the form and its errors."""

    permission_action = "compliance.document_review"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = document = self.get_object()
        form = DocumentReviewForm(request.POST)
        if form.is_valid():
            try:
                document = document_review(
                    document=document,
                    reviewer=request.user,
                    outcome=form.cleaned_data["outcome"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{document}: {document.get_outcome_display().lower()}.")
                return HttpResponseRedirect(document.get_absolute_url())
        self.review_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class DocumentSubmitView(ObjectCreateView):
    permission_action = "compliance.document_submit"
    model = ComplianceDocument
    form_class = DocumentSubmitForm
    title = "Upload a compliance document"
    submit_label = "Upload for review"
    success_message = "{object} uploaded: it counts once accepted."

    def save_form(self, form: DocumentSubmitForm) -> Model:
        return document_submit(vendor=form.cleaned_data["vendor"], submitted_by=self.request.user, **form.submitted())


class DocumentDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = ComplianceDocument

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)
