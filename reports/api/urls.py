from rest_framework.routers import SimpleRouter

from reports.api.views import EvaluationReportViewSet, MonthlyReportViewSet

router = SimpleRouter()
router.register("reports", MonthlyReportViewSet, basename="report")
router.register("evaluation-pdfs", EvaluationReportViewSet, basename="evaluation-pdf")

urlpatterns = router.urls
