from rest_framework.routers import SimpleRouter

from compliance.api.views.assessments import AssessmentViewSet, FindingViewSet
from compliance.api.views.documents import ComplianceDocumentViewSet, DocumentTypeViewSet
from compliance.api.views.incidents import SecurityIncidentViewSet
from compliance.api.views.remote_access import AccessLogViewSet, RemoteAccessSessionViewSet
from compliance.api.views.terms import DataProtectionTermsViewSet

router = SimpleRouter()
# documents
router.register("compliance-document-types", DocumentTypeViewSet, basename="compliance-document-type")
router.register("compliance-documents", ComplianceDocumentViewSet, basename="compliance-document")
# data-protection terms of agreements
router.register("data-protection-terms", DataProtectionTermsViewSet, basename="data-protection-terms")
# security assessments and their findings
router.register("security-assessments", AssessmentViewSet, basename="security-assessment")
router.register("security-findings", FindingViewSet, basename="security-finding")
# security incidents and their notification clocks
router.register("security-incidents", SecurityIncidentViewSet, basename="security-incident")
# remote access and the vendor access log
router.register("remote-access-sessions", RemoteAccessSessionViewSet, basename="remote-access-session")
router.register("vendor-access-log", AccessLogViewSet, basename="vendor-access-log")

urlpatterns = router.urls
