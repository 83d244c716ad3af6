"""Hospital pages of vendors, contacts, contracts, components and interfaces: the standard pages
(declarations only) and contract documents (upload and delete by admins, scoped download)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html_join
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import (
    HospitalUserRequiredMixin,
    ScopedQuerysetMixin,
    protected_file_response,
)
from vendors import filters, forms, selectors, services, tables
from vendors.forms import ContractDocumentForm
from vendors.interface_states import states_known, with_states
from vendors.models import Component, Contact, Contract, ContractDocument, Interface, Vendor


class VendorListView(ObjectListView):
    manage_action = "vendor.manage"
    queryset = selectors.vendor_list()
    filterset_class = filters.VendorFilterSet
    table_class = tables.VendorTable
    export_filename = "vendors"


class VendorDetailView(ObjectDetailView):
    manage_action = "vendor.manage"
    queryset = selectors.vendor_list()
    template_name = "vendors/vendor_detail.html"

    def get_related(self) -> dict[str, Any]:
        vendor = self.object
        return {
            "contacts": selectors.contact_list().filter(vendor=vendor),
            "contracts": selectors.contract_list().filter(vendor=vendor),
            "components": selectors.component_list().filter(vendor=vendor),
            "interfaces": with_states(selectors.interfaces_touching(vendor=vendor), self.request.user),
            "interface_states_known": states_known(),
            "portal_users": vendor.users.order_by("last_name", "first_name"),
        }


class VendorCreateView(ObjectCreateView):
    permission_action = "vendor.manage"
    model = Vendor
    form_class = forms.VendorForm


class VendorUpdateView(ObjectUpdateView):
    permission_action = "vendor.manage"
    model = Vendor
    form_class = forms.VendorForm


class VendorDeleteView(ObjectDeleteView):
    permission_action = "vendor.manage"
    model = Vendor


class ContactListView(ObjectListView):
    manage_action = "contact.manage"
    queryset = selectors.contact_list()
    filterset_class = filters.ContactFilterSet
    table_class = tables.ContactTable
    export_filename = "contacts"


class ContactDetailView(ObjectDetailView):
    manage_action = "contact.manage"
    queryset = selectors.contact_list()
    template_name = "vendors/contact_detail.html"


class ContactCreateView(ObjectCreateView):
    permission_action = "contact.manage"
    model = Contact
    form_class = forms.ContactForm


class ContactUpdateView(ObjectUpdateView):
    permission_action = "contact.manage"
    model = Contact
    form_class = forms.ContactForm


class ContactDeleteView(ObjectDeleteView):
    permission_action = "contact.manage"
    model = Contact


class ContractListView(ObjectListView):
    manage_action = "contract.manage"
    queryset = selectors.contract_list()
    filterset_class = filters.ContractFilterSet
    table_class = tables.ContractTable
    export_filename = "contracts"


class ContractDetailView(ObjectDetailView):
    manage_action = "contract.manage"
    queryset = selectors.contract_list()
    template_name = "vendors/contract_detail.html"
    document_form: forms.ContractDocumentForm | None = None

    def get_related(self) -> dict[str, Any]:
        return {
            "documents": selectors.contract_documents(self.object),
            "document_form": self.document_form or forms.ContractDocumentForm(user=self.request.user),
        }


class ContractCreateView(ObjectCreateView):
    permission_action = "contract.manage"
    model = Contract
    form_class = forms.ContractForm


class ContractUpdateView(ObjectUpdateView):
    permission_action = "contract.manage"
    model = Contract
    form_class = forms.ContractForm


class ContractDeleteView(ObjectDeleteView):
    permission_action = "contract.manage"
    model = Contract


class ComponentListView(ObjectListView):
    manage_action = "component.manage"
    queryset = selectors.component_list()
    filterset_class = filters.ComponentFilterSet
    table_class = tables.ComponentTable
    export_filename = "components"


class ComponentDetailView(ObjectDetailView):
    manage_action = "component.manage"
    queryset = selectors.component_list()
    template_name = "vendors/component_detail.html"

    def get_related(self) -> dict[str, Any]:
        return {
            "interfaces": with_states(selectors.interfaces_touching(component=self.object), self.request.user),
            "interface_states_known": states_known(),
        }


class ComponentCreateView(ObjectCreateView):
    permission_action = "component.manage"
    model = Component
    form_class = forms.ComponentForm


class ComponentUpdateView(ObjectUpdateView):
    permission_action = "component.manage"
    model = Component
    form_class = forms.ComponentForm


class ComponentDeleteView(ObjectDeleteView):
    permission_action = "component.manage"
    model = Component


class InterfaceListView(ObjectListView):
    manage_action = "interface.manage"
    queryset = selectors.interface_list()
    filterset_class = filters.InterfaceFilterSet
    table_class = tables.InterfaceTable
    export_filename = "interfaces"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No interfaces yet. List what flows between your components (orders from the RIS, "
                "reports back, forwarding to the archive) so everyone knows what an outage breaks."
            )
        return context


class InterfaceDetailView(ObjectDetailView):
    manage_action = "interface.manage"
    queryset = selectors.interface_list()
    template_name = "vendors/interface_detail.html"


class InterfaceCreateView(ObjectCreateView):
    permission_action = "interface.manage"
    model = Interface
    form_class = forms.InterfaceForm


class InterfaceUpdateView(ObjectUpdateView):
    permission_action = "interface.manage"
    model = Interface
    form_class = forms.InterfaceForm


class InterfaceDeleteView(ObjectDeleteView):
    permission_action = "interface.manage"
    model = Interface


class ContractDocumentUploadView(ContractDetailView):
    """POST a document to a contract; on an error the contract page is shown again with the
    form, the title typed and the error at its field."""

    permission_action = "contract.manage"
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
    permission_action = "contract.manage"
    model = ContractDocument

    def get_success_url(self) -> str:
        return self.object.contract.get_absolute_url()

    def delete_object(self, obj: ContractDocument) -> None:
        services.contract_document_delete(document=obj)


class VendorChoicesView(HospitalUserRequiredMixin, View):
    """The options of every field of one form that follow its vendor, for the vendor chosen
    (``?<vendor field>=<id>``): one ``<select>`` per field, each swapped into the form by its id
    (htmx out-of-band), so a single request refreshes them all."""

    def get(self, request: HttpRequest, form: str) -> HttpResponse:
        form_class = forms.VENDOR_DEPENDENT_FORMS.get(form)
        if form_class is None:
            raise Http404("No such form.")
        prefix = f"{form_class.prefix}-" if form_class.prefix else ""
        value = request.GET.get(prefix + form_class.vendor_field, "")
        vendor_id = int(value) if value.isdigit() else None
        return HttpResponse(
            format_html_join(
                "",
                '<select id="id_{}" hx-swap-oob="innerHTML">{}</select>',
                (
                    (prefix + name, _options(choices))
                    for name, choices in form_class.dependent_choices(vendor_id, request.user).items()
                ),
            )
        )


def _options(choices: list[tuple[int | str, str]]) -> str:
    # The empty choice is marked: browsers keep the selected position when a list's options are
    # replaced, which would pick a new vendor's row for the user.
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == "" else "", label) for value, label in choices),
    )
