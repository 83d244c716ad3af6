"""PACS probes under ``/kpis/probes/`` (names in the ``kpis`` namespace)."""

from django.urls import path

from kpis import probe_views

urlpatterns = [
    path("", probe_views.ProbeListView.as_view(), name="probe_list"),
    path("add/", probe_views.ProbeCreateView.as_view(), name="probe_add"),
    path("components/", probe_views.ProbeComponentOptionsView.as_view(), name="probe_components"),
    path("<int:pk>/", probe_views.ProbeDetailView.as_view(), name="probe_detail"),
    path("<int:pk>/edit/", probe_views.ProbeUpdateView.as_view(), name="probe_edit"),
    path("<int:pk>/run/", probe_views.ProbeRunNowView.as_view(), name="probe_run"),
    path("<int:pk>/active/", probe_views.ProbeActiveView.as_view(), name="probe_active"),
]
