"""The vendor's maintenance windows under ``/portal/maintenance/`` (names in the ``portal`` namespace)."""

from django.urls import path

from portal.views import maintenance

urlpatterns = [
    path("", maintenance.PortalMaintenanceListView.as_view(), name="maintenance_list"),
    path("announce/", maintenance.PortalMaintenanceCreateView.as_view(), name="maintenance_add"),
    path("<int:pk>/", maintenance.PortalMaintenanceDetailView.as_view(), name="maintenance_detail"),
    path("<int:pk>/edit/", maintenance.PortalMaintenanceUpdateView.as_view(), name="maintenance_edit"),
    path("<int:pk>/cancel/", maintenance.PortalMaintenanceCancelView.as_view(), name="maintenance_cancel"),
    path("feed/regenerate/", maintenance.PortalFeedRegenerateView.as_view(), name="maintenance_feed_regenerate"),
]
