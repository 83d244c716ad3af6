"""Contract documents: upload (admins), scoped download, delete (admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views import (
    HospitalAdminRequiredMixin,
    HospitalUserRequiredMixin,
    ObjectDeleteView,
    ScopedQuerysetMixin,
    protected_file_response,
)
from vendors import services
from vendors.forms import ContractDocumentForm
from vendors.models import ContractDocument
from vendors.views.crud import ContractDetailView


class ContractDocumentUploadView(HospitalAdminRequiredMixin, ContractDetailView):
    """POST a document to a contract; on an error the contract page is shown again with the
    form, the title typed and the error at its field."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = contract = self.get_object()
        form = ContractDocumentForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                document = services.contract_document_attach(
                    contract=contract,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    uploaded_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Document “{document}” attached.")
                return HttpResponseRedirect(contract.get_absolute_url())
        self.document_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class ContractDocumentDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = ContractDocument

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)


class ContractDocumentDeleteView(ObjectDeleteView):
    model = ContractDocument

    def get_success_url(self) -> str:
        return self.object.contract.get_absolute_url()

    def delete_object(self, obj: ContractDocument) -> None:
        services.contract_document_delete(document=obj)
