from rest_framework.routers import SimpleRouter

from kpis.api.probes import ProbeViewSet
from kpis.api.views import KpiSampleViewSet, KpiViewSet

router = SimpleRouter()
router.register("kpis", KpiViewSet, basename="kpi")
router.register("kpi-samples", KpiSampleViewSet, basename="kpi-sample")
router.register("probes", ProbeViewSet, basename="probe")

urlpatterns = router.urls
