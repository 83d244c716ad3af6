from django.urls import path

from core.views.lazy import lazy_view

app_name = "compliance"

urlpatterns = [
    # documents: the matrix, the list, one document, filing and reviewing, the download
    path("", lazy_view("compliance.views.documents.ComplianceMatrixView"), name="matrix"),
    path("documents/", lazy_view("compliance.views.documents.DocumentListView"), name="compliancedocument_list"),
    path("documents/add/", lazy_view("compliance.views.documents.DocumentSubmitView"), name="compliancedocument_add"),
    path(
        "documents/<int:pk>/",
        lazy_view("compliance.views.documents.DocumentDetailView"),
        name="compliancedocument_detail",
    ),
    path(
        "documents/<int:pk>/review/",
        lazy_view("compliance.views.documents.DocumentReviewView"),
        name="compliancedocument_review",
    ),
    path(
        "documents/<int:pk>/download/",
        lazy_view("compliance.views.documents.DocumentDownloadView"),
        name="compliancedocument_download",
    ),
    # document types
    path(
        "document-types/", lazy_view("compliance.views.document_types.DocumentTypeListView"), name="documenttype_list"
    ),
    path(
        "document-types/add/",
        lazy_view("compliance.views.document_types.DocumentTypeCreateView"),
        name="documenttype_add",
    ),
    path(
        "document-types/<int:pk>/edit/",
        lazy_view("compliance.views.document_types.DocumentTypeUpdateView"),
        name="documenttype_edit",
    ),
    # security assessments and their findings
    path("assessments/", lazy_view("compliance.views.assessments.AssessmentListView"), name="assessment_list"),
    path("assessments/add/", lazy_view("compliance.views.assessments.AssessmentCreateView"), name="assessment_add"),
    path(
        "assessments/<int:pk>/",
        lazy_view("compliance.views.assessments.AssessmentDetailView"),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/edit/",
        lazy_view("compliance.views.assessments.AssessmentUpdateView"),
        name="assessment_edit",
    ),
    path(
        "assessments/<int:pk>/report/",
        lazy_view("compliance.views.assessments.AssessmentReportDownloadView"),
        name="assessment_report",
    ),
    path(
        "assessments/<int:pk>/findings/add/",
        lazy_view("compliance.views.assessments.FindingRecordView"),
        name="finding_add",
    ),
    path(
        "assessments/<int:pk>/findings/<int:finding>/retest/",
        lazy_view("compliance.views.assessments.FindingRetestView"),
        name="finding_retest",
    ),
    # security incidents and their notification clocks
    path("incidents/", lazy_view("compliance.views.incidents.SecurityIncidentListView"), name="securityincident_list"),
    path(
        "incidents/add/",
        lazy_view("compliance.views.incidents.SecurityIncidentCreateView"),
        name="securityincident_add",
    ),
    path(
        "incidents/<int:pk>/",
        lazy_view("compliance.views.incidents.SecurityIncidentDetailView"),
        name="securityincident_detail",
    ),
    path(
        "incidents/<int:pk>/<slug:action>/",
        lazy_view("compliance.views.incidents.SecurityIncidentActionView"),
        name="securityincident_action",
    ),
    # remote access and the vendor access log
    path(
        "remote-access/",
        lazy_view("compliance.views.remote_access.RemoteAccessSessionListView"),
        name="remoteaccesssession_list",
    ),
    path(
        "remote-access/add/",
        lazy_view("compliance.views.remote_access.RemoteAccessSessionCreateView"),
        name="remoteaccesssession_add",
    ),
    path(
        "remote-access/<int:pk>/",
        lazy_view("compliance.views.remote_access.RemoteAccessSessionDetailView"),
        name="remoteaccesssession_detail",
    ),
    path(
        "remote-access/<int:pk>/<slug:action>/",
        lazy_view("compliance.views.remote_access.RemoteAccessSessionActionView"),
        name="remoteaccesssession_action",
    ),
    path("access-log/", lazy_view("compliance.views.remote_access.AccessLogView"), name="accesslogentry_list"),
    # data-protection terms of an agreement (shown on the agreement's page)
    path("agreements/<int:agreement>/terms/", lazy_view("compliance.views.terms.TermsEditView"), name="terms_edit"),
]
