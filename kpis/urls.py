from django.urls import path

from core.views.lazy import lazy_view

app_name = "kpis"

urlpatterns = [
    # dashboards
    path("dashboard/", lazy_view("kpis.views.dashboard.KpiOverviewView"), name="dashboard"),
    path("dashboard/<int:pk>/", lazy_view("kpis.views.dashboard.VendorDashboardView"), name="dashboard_vendor"),
    # the catalogue
    path("", lazy_view("kpis.views.catalogue.KpiListView"), name="kpi_list"),
    path("add/", lazy_view("kpis.views.catalogue.KpiCreateView"), name="kpi_add"),
    path("<int:pk>/edit/", lazy_view("kpis.views.catalogue.KpiUpdateView"), name="kpi_edit"),
    # samples
    path("samples/", lazy_view("kpis.views.samples.KpiSampleListView"), name="kpisample_list"),
    path("samples/add/", lazy_view("kpis.views.samples.SampleRecordView"), name="kpisample_add"),
    path("samples/import/", lazy_view("kpis.views.samples.SampleImportView"), name="kpisample_import"),
    # PACS probes
    path("probes/", lazy_view("kpis.views.probes.ProbeListView"), name="probe_list"),
    path("probes/add/", lazy_view("kpis.views.probes.ProbeCreateView"), name="probe_add"),
    path("probes/<int:pk>/", lazy_view("kpis.views.probes.ProbeDetailView"), name="probe_detail"),
    path("probes/<int:pk>/edit/", lazy_view("kpis.views.probes.ProbeUpdateView"), name="probe_edit"),
    path("probes/<int:pk>/run/", lazy_view("kpis.views.probes.ProbeRunNowView"), name="probe_run"),
    path("probes/<int:pk>/active/", lazy_view("kpis.views.probes.ProbeActiveView"), name="probe_active"),
]
