from core.api.routers import LazyRouter

router = LazyRouter()
# documents
router.register(
    "compliance-document-types",
    "compliance.api.views.documents.DocumentTypeViewSet",
    basename="compliance-document-type",
)
router.register(
    "compliance-documents", "compliance.api.views.documents.ComplianceDocumentViewSet", basename="compliance-document"
)
# data-protection terms of agreements
router.register(
    "data-protection-terms", "compliance.api.views.terms.DataProtectionTermsViewSet", basename="data-protection-terms"
)
# security assessments and their findings
router.register(
    "security-assessments", "compliance.api.views.assessments.AssessmentViewSet", basename="security-assessment"
)
router.register("security-findings", "compliance.api.views.assessments.FindingViewSet", basename="security-finding")
# security incidents and their notification clocks
router.register(
    "security-incidents", "compliance.api.views.incidents.SecurityIncidentViewSet", basename="security-incident"
)
# remote access and the vendor access log
router.register(
    "remote-access-sessions",
    "compliance.api.views.remote_access.RemoteAccessSessionViewSet",
    basename="remote-access-session",
)
router.register(
    "vendor-access-log", "compliance.api.views.remote_access.AccessLogViewSet", basename="vendor-access-log"
)

urlpatterns = router.urls
