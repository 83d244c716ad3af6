from django.urls import path
from rest_framework.routers import SimpleRouter

from slas.api.views.agreements import AgreementViewSet
from slas.api.views.availability import VendorAvailabilityViewSet
from slas.api.views.calendars import CalendarViewSet
from slas.api.views.credits import CreditStatementViewSet
from slas.api.views.incidents import IncidentViewSet
from slas.api.views.maintenance import MaintenanceWindowViewSet

router = SimpleRouter()
router.register("calendars", CalendarViewSet, basename="calendar")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("credit-statements", CreditStatementViewSet, basename="credit-statement")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("maintenance-windows", MaintenanceWindowViewSet, basename="maintenance-window")

urlpatterns = [
    path(
        "vendors/<int:pk>/availability/",
        VendorAvailabilityViewSet.as_view({"get": "retrieve"}),
        name="vendor-availability",
    ),
    *router.urls,
]
