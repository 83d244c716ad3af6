from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api.views import StaffMemberViewSet, TokenObtainView

router = SimpleRouter()
router.register("staff", StaffMemberViewSet, basename="staff-member")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    *router.urls,
]
