from core.api.routers import LazyRouter

router = LazyRouter()
router.register("meetings", "governance.api.views.meetings.MeetingViewSet", basename="meeting")
router.register("decisions", "governance.api.views.meetings.DecisionViewSet", basename="decision")
router.register("meeting-actions", "governance.api.views.meetings.MeetingActionViewSet", basename="meeting-action")
router.register("actions", "governance.api.views.meetings.ActionRegisterViewSet", basename="action-register")
router.register("sla-reviews", "governance.api.views.reviews.SlaReviewViewSet", basename="sla-review")

urlpatterns = router.urls
