from django.urls import path

from compliance.views import document_types, documents, terms

app_name = "compliance"

urlpatterns = [
    # documents: the matrix, the list, one document, filing and reviewing, the download
    path("", documents.ComplianceMatrixView.as_view(), name="matrix"),
    path("documents/", documents.DocumentListView.as_view(), name="compliancedocument_list"),
    path("documents/add/", documents.DocumentSubmitView.as_view(), name="compliancedocument_add"),
    path("documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="compliancedocument_detail"),
    path("documents/<int:pk>/review/", documents.DocumentReviewView.as_view(), name="compliancedocument_review"),
    path("documents/<int:pk>/download/", documents.DocumentDownloadView.as_view(), name="compliancedocument_download"),
    # document types
    path("document-types/", document_types.DocumentTypeListView.as_view(), name="documenttype_list"),
    path("document-types/add/", document_types.DocumentTypeCreateView.as_view(), name="documenttype_add"),
    path("document-types/<int:pk>/edit/", document_types.DocumentTypeUpdateView.as_view(), name="documenttype_edit"),
    # data-protection terms of an agreement (shown on the agreement's page)
    path("agreements/<int:agreement>/terms/", terms.TermsEditView.as_view(), name="terms_edit"),
]
