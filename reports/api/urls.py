from rest_framework.routers import SimpleRouter

from reports.api.views import MonthlyReportViewSet

router = SimpleRouter()
router.register("reports", MonthlyReportViewSet, basename="report")

urlpatterns = router.urls
