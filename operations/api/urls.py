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
# test protocols of change plans
router.register(
    "protocol-templates", "operations.api.views.protocols.ProtocolTemplateViewSet", basename="protocol-template"
)
router.register("plan-test-cases", "operations.api.views.protocols.PlanTestCaseViewSet", basename="plan-test-case")
# lessons learned
router.register("lessons-reviews", "operations.api.views.lessons.LessonsReviewViewSet", basename="lessons-review")
# backup and disaster-recovery tests
router.register("recovery-tests", "operations.api.views.recovery.RecoveryTestViewSet", basename="recovery-test")
# health assessments
router.register("health-templates", "operations.api.views.health.HealthTemplateViewSet", basename="health-template")
router.register(
    "health-assessments", "operations.api.views.health.HealthAssessmentViewSet", basename="health-assessment"
)

urlpatterns = router.urls
