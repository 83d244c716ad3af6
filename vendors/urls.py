from django.urls import path

from core.urls_helpers import crud_paths
from core.views.lazy import lazy_view

app_name = "vendors"

urlpatterns = [
    # the options of a form's fields that follow the chosen vendor (htmx)
    path("vendors/choices/<str:form>/", lazy_view("vendors.views.VendorChoicesView"), name="choices"),
    *crud_paths(
        "vendors",
        "vendor",
        list_view="vendors.views.VendorListView",
        detail_view="vendors.views.VendorDetailView",
        create_view="vendors.views.VendorCreateView",
        update_view="vendors.views.VendorUpdateView",
        delete_view="vendors.views.VendorDeleteView",
    ),
    *crud_paths(
        "contacts",
        "contact",
        list_view="vendors.views.ContactListView",
        detail_view="vendors.views.ContactDetailView",
        create_view="vendors.views.ContactCreateView",
        update_view="vendors.views.ContactUpdateView",
        delete_view="vendors.views.ContactDeleteView",
    ),
    *crud_paths(
        "contracts",
        "contract",
        list_view="vendors.views.ContractListView",
        detail_view="vendors.views.ContractDetailView",
        create_view="vendors.views.ContractCreateView",
        update_view="vendors.views.ContractUpdateView",
        delete_view="vendors.views.ContractDeleteView",
    ),
    *crud_paths(
        "components",
        "component",
        list_view="vendors.views.ComponentListView",
        detail_view="vendors.views.ComponentDetailView",
        create_view="vendors.views.ComponentCreateView",
        update_view="vendors.views.ComponentUpdateView",
        delete_view="vendors.views.ComponentDeleteView",
    ),
    *crud_paths(
        "interfaces",
        "interface",
        list_view="vendors.views.InterfaceListView",
        detail_view="vendors.views.InterfaceDetailView",
        create_view="vendors.views.InterfaceCreateView",
        update_view="vendors.views.InterfaceUpdateView",
        delete_view="vendors.views.InterfaceDeleteView",
    ),
    path(
        "contracts/<int:pk>/documents/add/",
        lazy_view("vendors.views.ContractDocumentUploadView"),
        name="contractdocument_add",
    ),
    path(
        "documents/<int:pk>/download/",
        lazy_view("vendors.views.ContractDocumentDownloadView"),
        name="contractdocument_download",
    ),
    path(
        "documents/<int:pk>/delete/",
        lazy_view("vendors.views.ContractDocumentDeleteView"),
        name="contractdocument_delete",
    ),
]
