from django.urls import path

from core.api.routers import LazyRouter
from core.views.lazy import lazy_view

router = LazyRouter()
router.register("staff", "accounts.api.views.StaffMemberViewSet", basename="staff-member")

urlpatterns = [
    path("auth/token/", lazy_view("accounts.api.views.TokenObtainView"), name="api-token"),
    *router.urls,
]
