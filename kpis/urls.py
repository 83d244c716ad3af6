from django.urls import include, path

from kpis import dashboard_views, views

app_name = "kpis"

urlpatterns = [
    path("dashboard/", dashboard_views.KpiOverviewView.as_view(), name="dashboard"),
    path("dashboard/<int:pk>/", dashboard_views.VendorDashboardView.as_view(), name="dashboard_vendor"),
    path("", views.KpiListView.as_view(), name="kpi_list"),
    path("add/", views.KpiCreateView.as_view(), name="kpi_add"),
    path("<int:pk>/edit/", views.KpiUpdateView.as_view(), name="kpi_edit"),
    path("samples/", views.KpiSampleListView.as_view(), name="kpisample_list"),
    path("samples/add/", views.SampleRecordView.as_view(), name="kpisample_add"),
    path("samples/import/", views.SampleImportView.as_view(), name="kpisample_import"),
    path("samples/components/", views.SampleComponentOptionsView.as_view(), name="sample_components"),
    path("probes/", include("kpis.probe_urls")),
]
