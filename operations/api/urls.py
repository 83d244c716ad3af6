from core.api.routers import LazyRouter

router = LazyRouter()
# components over their life
router.register(
    "component-lifecycles", "operations.api.views.lifecycle.ComponentLifecycleViewSet", basename="component-lifecycle"
)
router.register("version-changes", "operations.api.views.lifecycle.VersionChangeViewSet", basename="version-change")
router.register(
    "security-bulletins", "operations.api.views.lifecycle.SecurityBulletinViewSet", basename="security-bulletin"
)
# upgrade and change plans
router.register("change-plans", "operations.api.views.plans.ChangePlanViewSet", basename="change-plan")

urlpatterns = router.urls
