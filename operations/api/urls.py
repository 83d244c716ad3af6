from rest_framework.routers import SimpleRouter

from operations.api.views.lifecycle import ComponentLifecycleViewSet, SecurityBulletinViewSet, VersionChangeViewSet

router = SimpleRouter()
# components over their life
router.register("component-lifecycles", ComponentLifecycleViewSet, basename="component-lifecycle")
router.register("version-changes", VersionChangeViewSet, basename="version-change")
router.register("security-bulletins", SecurityBulletinViewSet, basename="security-bulletin")

urlpatterns = router.urls
