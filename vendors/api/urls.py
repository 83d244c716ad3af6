from core.api.routers import LazyRouter

router = LazyRouter()
router.register("vendors", "vendors.api.views.VendorViewSet", basename="vendor")
router.register("contacts", "vendors.api.views.ContactViewSet", basename="contact")
router.register("contracts", "vendors.api.views.ContractViewSet", basename="contract")
router.register("contract-documents", "vendors.api.views.ContractDocumentViewSet", basename="contract-document")
router.register("components", "vendors.api.views.ComponentViewSet", basename="component")
router.register("interfaces", "vendors.api.views.InterfaceViewSet", basename="interface")

urlpatterns = router.urls
