from django.urls import path
from rest_framework.routers import SimpleRouter

from governance.api.views.meetings import ActionRegisterView, DecisionViewSet, MeetingActionViewSet, MeetingViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")

urlpatterns = [path("actions/", ActionRegisterView.as_view(), name="action-register"), *router.urls]
