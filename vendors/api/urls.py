from rest_framework.routers import SimpleRouter

from vendors.api import views

router = SimpleRouter()
router.register("vendors", views.VendorViewSet, basename="vendor")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-documents", views.ContractDocumentViewSet, basename="contract-document")
router.register("components", views.ComponentViewSet, basename="component")
router.register("interfaces", views.InterfaceViewSet, basename="interface")

urlpatterns = router.urls
