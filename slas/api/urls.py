from django.urls import path

from core.api.routers import LazyRouter
from core.views.lazy import lazy_view

router = LazyRouter()
router.register("calendars", "slas.api.views.calendars.CalendarViewSet", basename="calendar")
router.register("agreements", "slas.api.views.agreements.AgreementViewSet", basename="agreement")
router.register("credit-statements", "slas.api.views.credits.CreditStatementViewSet", basename="credit-statement")
router.register("incidents", "slas.api.views.incidents.IncidentViewSet", basename="incident")
router.register(
    "maintenance-windows", "slas.api.views.maintenance.MaintenanceWindowViewSet", basename="maintenance-window"
)

urlpatterns = [
    path(
        "vendors/<int:pk>/availability/",
        lazy_view("slas.api.views.availability.VendorAvailabilityViewSet", {"get": "retrieve"}),
        name="vendor-availability",
    ),
    *router.urls,
]
