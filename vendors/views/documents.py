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
from vendors.models import Contract, ContractDocument


class ContractDocumentUploadView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Contract

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contract = self.get_object()
        form = ContractDocumentForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return HttpResponseRedirect(contract.get_absolute_url())
        try:
            document = services.contract_document_attach(
                contract=contract,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Document “{document}” attached.")
        return HttpResponseRedirect(contract.get_absolute_url())


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
