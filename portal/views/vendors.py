"""The vendor's own account in the portal: the overview, contacts (whose phone numbers and email
addresses vendor users keep up to date), contracts with their documents, components and the
interfaces with an end on them."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin, protected_file_response
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalComponentTable, PortalContactTable, PortalContractTable, PortalInterfaceTable
from vendors import filters, selectors, services
from vendors.forms import ContactReachabilityForm
from vendors.models import Contact, ContractDocument


class PortalHomeView(PortalMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        context["summary"] = selectors.vendor_list().visible_to(user).get(pk=self.vendor.pk)
        context["contacts"] = selectors.contact_list().visible_to(user)[:8]
        context["contracts"] = selectors.contract_list().visible_to(user).filter(end_date__gte=today)
        context["today"] = today
        return context


class PortalContactListView(PortalListView):
    queryset = selectors.contact_list()
    filterset_class = filters.ContactFilterSet
    table_class = PortalContactTable
    title = "Contacts"
    export_filename = "contacts"


class PortalContractListView(PortalListView):
    queryset = selectors.contract_list()
    filterset_class = filters.ContractFilterSet
    table_class = PortalContractTable
    title = "Contracts"
    export_filename = "contracts"


class PortalComponentListView(PortalListView):
    queryset = selectors.component_list()
    filterset_class = filters.ComponentFilterSet
    table_class = PortalComponentTable
    title = "Components"
    export_filename = "components"


class PortalInterfaceListView(PortalListView):
    """The interfaces with an end on the vendor's components, theirs or another vendor's at the
    other end (``Interface.objects.visible_to``)."""

    queryset = selectors.interface_list()
    filterset_class = filters.InterfaceFilterSet
    table_class = PortalInterfaceTable
    title = "Interfaces"
    export_filename = "interfaces"


class PortalInterfaceDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = selectors.interface_list()
    template_name = "portal/interface_detail.html"


class PortalContactUpdateView(PortalMixin, ScopedQuerysetMixin, UpdateView):
    """Vendor users keep their own contacts' email and phone up to date."""

    permission_action = "contact.update_reachability"
    model = Contact
    form_class = ContactReachabilityForm
    template_name = "portal/contact_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: ContactReachabilityForm) -> HttpResponse:
        contact = services.contact_update_reachability(
            contact=self.object, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
        )
        messages.success(self.request, f"Contact details of {contact} saved.")
        return HttpResponseRedirect(reverse("portal:contact_list"))


class PortalContractDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = selectors.contract_list()
    template_name = "portal/contract_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["documents"] = selectors.contract_documents(self.object)
        context["today"] = timezone.localdate()
        return context


class PortalDocumentDownloadView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = ContractDocument

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)
