from core.api.routers import LazyRouter

router = LazyRouter()
router.register("reports", "reports.api.views.MonthlyReportViewSet", basename="report")
router.register("qbr-packs", "reports.api.views.QbrPackViewSet", basename="qbr-pack")

urlpatterns = router.urls
