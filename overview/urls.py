from django.urls import path

from core.views.lazy import lazy_view

app_name = "overview"

urlpatterns = [
    path("overview/", lazy_view("overview.views.OverviewView"), name="overview"),
]
