"""The vendor's PACS probes under ``/portal/probes/`` (names in the ``portal`` namespace)."""

from django.urls import path

from portal.views import probes

urlpatterns = [
    path("", probes.PortalProbeListView.as_view(), name="probe_list"),
    path("<int:pk>/", probes.PortalProbeDetailView.as_view(), name="probe_detail"),
]
