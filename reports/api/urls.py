from core.api.routers import LazyRouter

router = LazyRouter()
router.register("reports", "reports.api.views.MonthlyReportViewSet", basename="report")
router.register("qbr-packs", "reports.api.views.QbrPackViewSet", basename="qbr-pack")
router.register("evaluation-pdfs", "reports.api.views.EvaluationReportViewSet", basename="evaluation-pdf")

urlpatterns = router.urls
