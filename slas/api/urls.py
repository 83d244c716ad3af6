from rest_framework.routers import SimpleRouter

from slas.api import views

router = SimpleRouter()
router.register("calendars", views.CalendarViewSet, basename="calendar")
router.register("agreements", views.AgreementViewSet, basename="agreement")

urlpatterns = router.urls
