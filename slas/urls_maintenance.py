"""Maintenance windows under ``/sla/maintenance/`` (names in the ``slas`` namespace), and the
token-protected calendar feeds."""

from django.urls import path

from slas.views import feeds, maintenance

urlpatterns = [
    path("", maintenance.MaintenanceWindowListView.as_view(), name="maintenancewindow_list"),
    path("add/", maintenance.MaintenanceWindowCreateView.as_view(), name="maintenancewindow_add"),
    path("<int:pk>/", maintenance.MaintenanceWindowDetailView.as_view(), name="maintenancewindow_detail"),
    path("<int:pk>/edit/", maintenance.MaintenanceWindowUpdateView.as_view(), name="maintenancewindow_edit"),
    path("<int:pk>/decide/", maintenance.MaintenanceDecideView.as_view(), name="maintenancewindow_decide"),
    path("<int:pk>/actuals/", maintenance.MaintenanceActualsView.as_view(), name="maintenancewindow_actuals"),
    path("<int:pk>/cancel/", maintenance.MaintenanceCancelView.as_view(), name="maintenancewindow_cancel"),
    path("feed/regenerate/", feeds.FeedRegenerateView.as_view(), name="maintenance_feed_regenerate"),
    path("feed/<slug:key>.ics", feeds.MaintenanceFeedView.as_view(), name="maintenance_feed"),
    path(
        "feed/<slug:key>/vendor/<int:vendor_id>.ics",
        feeds.MaintenanceFeedView.as_view(),
        name="maintenance_vendor_feed",
    ),
]
