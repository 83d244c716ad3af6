from django.urls import path

from compliance.views import assessments, document_types, documents, incidents, remote_access, terms

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
    # security assessments and their findings
    path("assessments/", assessments.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/add/", assessments.AssessmentCreateView.as_view(), name="assessment_add"),
    path("assessments/<int:pk>/", assessments.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessments.AssessmentUpdateView.as_view(), name="assessment_edit"),
    path("assessments/<int:pk>/report/", assessments.AssessmentReportDownloadView.as_view(), name="assessment_report"),
    path("assessments/<int:pk>/findings/add/", assessments.FindingRecordView.as_view(), name="finding_add"),
    path(
        "assessments/<int:pk>/findings/<int:finding>/retest/",
        assessments.FindingRetestView.as_view(),
        name="finding_retest",
    ),
    # security incidents and their notification clocks
    path("incidents/", incidents.SecurityIncidentListView.as_view(), name="securityincident_list"),
    path("incidents/add/", incidents.SecurityIncidentCreateView.as_view(), name="securityincident_add"),
    path("incidents/<int:pk>/", incidents.SecurityIncidentDetailView.as_view(), name="securityincident_detail"),
    path(
        "incidents/<int:pk>/<slug:action>/",
        incidents.SecurityIncidentActionView.as_view(),
        name="securityincident_action",
    ),
    # remote access and the vendor access log
    path("remote-access/", remote_access.RemoteAccessSessionListView.as_view(), name="remoteaccesssession_list"),
    path("remote-access/add/", remote_access.RemoteAccessSessionCreateView.as_view(), name="remoteaccesssession_add"),
    path(
        "remote-access/<int:pk>/",
        remote_access.RemoteAccessSessionDetailView.as_view(),
        name="remoteaccesssession_detail",
    ),
    path(
        "remote-access/<int:pk>/<slug:action>/",
        remote_access.RemoteAccessSessionActionView.as_view(),
        name="remoteaccesssession_action",
    ),
    path("access-log/", remote_access.AccessLogView.as_view(), name="accesslogentry_list"),
    # data-protection terms of an agreement (shown on the agreement's page)
    path("agreements/<int:agreement>/terms/", terms.TermsEditView.as_view(), name="terms_edit"),
]
