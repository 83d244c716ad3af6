from django.urls import path

from core.urls_helpers import crud_paths
from vendors import views

app_name = "vendors"

urlpatterns = [
    # the options of a form's fields that follow the chosen vendor (htmx)
    path("vendors/choices/<str:form>/", views.VendorChoicesView.as_view(), name="choices"),
    *crud_paths(
        "vendors",
        "vendor",
        list_view=views.VendorListView,
        detail_view=views.VendorDetailView,
        create_view=views.VendorCreateView,
        update_view=views.VendorUpdateView,
        delete_view=views.VendorDeleteView,
    ),
    *crud_paths(
        "contacts",
        "contact",
        list_view=views.ContactListView,
        detail_view=views.ContactDetailView,
        create_view=views.ContactCreateView,
        update_view=views.ContactUpdateView,
        delete_view=views.ContactDeleteView,
    ),
    *crud_paths(
        "contracts",
        "contract",
        list_view=views.ContractListView,
        detail_view=views.ContractDetailView,
        create_view=views.ContractCreateView,
        update_view=views.ContractUpdateView,
        delete_view=views.ContractDeleteView,
    ),
    *crud_paths(
        "components",
        "component",
        list_view=views.ComponentListView,
        detail_view=views.ComponentDetailView,
        create_view=views.ComponentCreateView,
        update_view=views.ComponentUpdateView,
        delete_view=views.ComponentDeleteView,
    ),
    *crud_paths(
        "interfaces",
        "interface",
        list_view=views.InterfaceListView,
        detail_view=views.InterfaceDetailView,
        create_view=views.InterfaceCreateView,
        update_view=views.InterfaceUpdateView,
        delete_view=views.InterfaceDeleteView,
    ),
    path("contracts/<int:pk>/documents/add/", views.ContractDocumentUploadView.as_view(), name="contractdocument_add"),
    path(
        "documents/<int:pk>/download/",
        views.ContractDocumentDownloadView.as_view(),
        name="contractdocument_download",
    ),
    path("documents/<int:pk>/delete/", views.ContractDocumentDeleteView.as_view(), name="contractdocument_delete"),
]
