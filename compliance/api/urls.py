from rest_framework.routers import SimpleRouter

from compliance.api.views.documents import ComplianceDocumentViewSet, DocumentTypeViewSet

router = SimpleRouter()
# documents
router.register("compliance-document-types", DocumentTypeViewSet, basename="compliance-document-type")
router.register("compliance-documents", ComplianceDocumentViewSet, basename="compliance-document")

urlpatterns = router.urls
