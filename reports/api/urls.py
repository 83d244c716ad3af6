from rest_framework.routers import SimpleRouter

from reports.api.views import MonthlyReportViewSet, QbrPackViewSet

router = SimpleRouter()
router.register("reports", MonthlyReportViewSet, basename="report")
router.register("qbr-packs", QbrPackViewSet, basename="qbr-pack")

urlpatterns = router.urls
