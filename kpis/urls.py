from django.urls import path

from kpis.views import catalogue, dashboard, probes, samples

app_name = "kpis"

urlpatterns = [
    # dashboards
    path("dashboard/", dashboard.KpiOverviewView.as_view(), name="dashboard"),
    path("dashboard/<int:pk>/", dashboard.VendorDashboardView.as_view(), name="dashboard_vendor"),
    # the catalogue
    path("", catalogue.KpiListView.as_view(), name="kpi_list"),
    path("add/", catalogue.KpiCreateView.as_view(), name="kpi_add"),
    path("<int:pk>/edit/", catalogue.KpiUpdateView.as_view(), name="kpi_edit"),
    # samples
    path("samples/", samples.KpiSampleListView.as_view(), name="kpisample_list"),
    path("samples/add/", samples.SampleRecordView.as_view(), name="kpisample_add"),
    path("samples/import/", samples.SampleImportView.as_view(), name="kpisample_import"),
    # PACS probes
    path("probes/", probes.ProbeListView.as_view(), name="probe_list"),
    path("probes/add/", probes.ProbeCreateView.as_view(), name="probe_add"),
    path("probes/<int:pk>/", probes.ProbeDetailView.as_view(), name="probe_detail"),
    path("probes/<int:pk>/edit/", probes.ProbeUpdateView.as_view(), name="probe_edit"),
    path("probes/<int:pk>/run/", probes.ProbeRunNowView.as_view(), name="probe_run"),
    path("probes/<int:pk>/active/", probes.ProbeActiveView.as_view(), name="probe_active"),
]
