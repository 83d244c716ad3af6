from rest_framework.routers import SimpleRouter

from kpis.api.views.catalogue import KpiViewSet
from kpis.api.views.probes import ProbeViewSet
from kpis.api.views.samples import KpiSampleViewSet

router = SimpleRouter()
router.register("kpis", KpiViewSet, basename="kpi")
router.register("kpi-samples", KpiSampleViewSet, basename="kpi-sample")
router.register("probes", ProbeViewSet, basename="probe")

urlpatterns = router.urls
