from core.api.routers import LazyRouter

router = LazyRouter()
router.register("reports", "reports.api.views.MonthlyReportViewSet", basename="report")

urlpatterns = router.urls
