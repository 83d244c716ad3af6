from django.urls import path

from core.urls_helpers import crud_paths
from vendors.views import crud, documents, overview

app_name = "vendors"

urlpatterns = [
    path("overview/", overview.OverviewView.as_view(), name="overview"),
    *crud_paths(
        "vendors",
        "vendor",
        list_view=crud.VendorListView,
        detail_view=crud.VendorDetailView,
        create_view=crud.VendorCreateView,
        update_view=crud.VendorUpdateView,
        delete_view=crud.VendorDeleteView,
    ),
    *crud_paths(
        "contacts",
        "contact",
        list_view=crud.ContactListView,
        detail_view=crud.ContactDetailView,
        create_view=crud.ContactCreateView,
        update_view=crud.ContactUpdateView,
        delete_view=crud.ContactDeleteView,
    ),
    *crud_paths(
        "contracts",
        "contract",
        list_view=crud.ContractListView,
        detail_view=crud.ContractDetailView,
        create_view=crud.ContractCreateView,
        update_view=crud.ContractUpdateView,
        delete_view=crud.ContractDeleteView,
    ),
    *crud_paths(
        "components",
        "component",
        list_view=crud.ComponentListView,
        detail_view=crud.ComponentDetailView,
        create_view=crud.ComponentCreateView,
        update_view=crud.ComponentUpdateView,
        delete_view=crud.ComponentDeleteView,
    ),
    path(
        "contracts/<int:pk>/documents/add/", documents.ContractDocumentUploadView.as_view(), name="contractdocument_add"
    ),
    path(
        "documents/<int:pk>/download/",
        documents.ContractDocumentDownloadView.as_view(),
        name="contractdocument_download",
    ),
    path("documents/<int:pk>/delete/", documents.ContractDocumentDeleteView.as_view(), name="contractdocument_delete"),
]
