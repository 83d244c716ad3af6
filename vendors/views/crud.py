"""The standard pages of vendors, contacts, contracts and components: declarations only."""

from typing import Any

from core.views import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from vendors import filters, forms, selectors, tables
from vendors.models import Component, Contact, Contract, Vendor


class VendorListView(ObjectListView):
    queryset = selectors.vendor_list()
    filterset_class = filters.VendorFilterSet
    table_class = tables.VendorTable
    export_filename = "vendors"


class VendorDetailView(ObjectDetailView):
    queryset = selectors.vendor_list()
    template_name = "vendors/vendor_detail.html"

    def get_related(self) -> dict[str, Any]:
        vendor = self.object
        return {
            "contacts": selectors.contact_list().filter(vendor=vendor),
            "contracts": selectors.contract_list().filter(vendor=vendor),
            "components": selectors.component_list().filter(vendor=vendor),
            "portal_users": vendor.users.order_by("last_name", "first_name"),
        }


class VendorCreateView(ObjectCreateView):
    model = Vendor
    form_class = forms.VendorForm


class VendorUpdateView(ObjectUpdateView):
    model = Vendor
    form_class = forms.VendorForm


class VendorDeleteView(ObjectDeleteView):
    model = Vendor


class ContactListView(ObjectListView):
    queryset = selectors.contact_list()
    filterset_class = filters.ContactFilterSet
    table_class = tables.ContactTable
    export_filename = "contacts"


class ContactDetailView(ObjectDetailView):
    queryset = selectors.contact_list()
    template_name = "vendors/contact_detail.html"


class ContactCreateView(ObjectCreateView):
    model = Contact
    form_class = forms.ContactForm


class ContactUpdateView(ObjectUpdateView):
    model = Contact
    form_class = forms.ContactForm


class ContactDeleteView(ObjectDeleteView):
    model = Contact


class ContractListView(ObjectListView):
    queryset = selectors.contract_list()
    filterset_class = filters.ContractFilterSet
    table_class = tables.ContractTable
    export_filename = "contracts"


class ContractDetailView(ObjectDetailView):
    queryset = selectors.contract_list()
    template_name = "vendors/contract_detail.html"
    document_form: forms.ContractDocumentForm | None = None

    def get_related(self) -> dict[str, Any]:
        return {
            "documents": selectors.contract_documents(self.object),
            "document_form": self.document_form or forms.ContractDocumentForm(user=self.request.user),
        }


class ContractCreateView(ObjectCreateView):
    model = Contract
    form_class = forms.ContractForm


class ContractUpdateView(ObjectUpdateView):
    model = Contract
    form_class = forms.ContractForm


class ContractDeleteView(ObjectDeleteView):
    model = Contract


class ComponentListView(ObjectListView):
    queryset = selectors.component_list()
    filterset_class = filters.ComponentFilterSet
    table_class = tables.ComponentTable
    export_filename = "components"


class ComponentDetailView(ObjectDetailView):
    queryset = selectors.component_list()
    template_name = "vendors/component_detail.html"


class ComponentCreateView(ObjectCreateView):
    model = Component
    form_class = forms.ComponentForm


class ComponentUpdateView(ObjectUpdateView):
    model = Component
    form_class = forms.ComponentForm


class ComponentDeleteView(ObjectDeleteView):
    model = Component
