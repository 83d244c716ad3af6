from rest_framework.routers import SimpleRouter

from operations.api.views.lessons import LessonsReviewViewSet
from operations.api.views.lifecycle import ComponentLifecycleViewSet, SecurityBulletinViewSet, VersionChangeViewSet
from operations.api.views.plans import ChangePlanViewSet
from operations.api.views.protocols import PlanTestCaseViewSet, ProtocolTemplateViewSet
from operations.api.views.recovery import RecoveryTestViewSet

router = SimpleRouter()
# components over their life
router.register("component-lifecycles", ComponentLifecycleViewSet, basename="component-lifecycle")
router.register("version-changes", VersionChangeViewSet, basename="version-change")
router.register("security-bulletins", SecurityBulletinViewSet, basename="security-bulletin")
# upgrade and change plans
router.register("change-plans", ChangePlanViewSet, basename="change-plan")
# test protocols of change plans
router.register("protocol-templates", ProtocolTemplateViewSet, basename="protocol-template")
router.register("plan-test-cases", PlanTestCaseViewSet, basename="plan-test-case")
# lessons learned
router.register("lessons-reviews", LessonsReviewViewSet, basename="lessons-review")
# backup and disaster-recovery tests
router.register("recovery-tests", RecoveryTestViewSet, basename="recovery-test")

urlpatterns = router.urls
