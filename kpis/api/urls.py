from core.api.routers import LazyRouter

router = LazyRouter()
router.register("kpis", "kpis.api.views.catalogue.KpiViewSet", basename="kpi")
router.register("kpi-samples", "kpis.api.views.samples.KpiSampleViewSet", basename="kpi-sample")
router.register("probes", "kpis.api.views.probes.ProbeViewSet", basename="probe")

urlpatterns = router.urls
