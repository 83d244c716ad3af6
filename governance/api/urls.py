from rest_framework.routers import SimpleRouter

from governance.api.views.meetings import (
    ActionRegisterViewSet,
    DecisionViewSet,
    MeetingActionViewSet,
    MeetingViewSet,
)

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")
router.register("actions", ActionRegisterViewSet, basename="action-register")

urlpatterns = router.urls
