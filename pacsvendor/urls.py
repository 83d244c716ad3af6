from django.contrib import admin
from django.urls import include, path, re_path

from accounts.urls import auth_urlpatterns
from core.api.views import api_not_found
from core.views import system
from core.views.lazy import lazy_view
from core.views.reach import vendor_reachable

api_v1_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("vendors.api.urls")),
    path("", include("slas.api.urls")),
    path("", include("tickets.api.urls")),
    path("", include("kpis.api.urls")),
    path("", include("operations.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("scorecards.api.urls")),
    path("", include("compliance.api.urls")),
    path("", include("training.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    # The API first: its requests (the busiest, from integrations) resolve without trying every page.
    path("api/v1/", include((api_v1_patterns, "api"))),
    # The schema and its two readers load drf-spectacular's generator: imported when first asked
    # for. API views, they answer vendor users too (the schema shows every route, no data).
    path("api/schema/", vendor_reachable(lazy_view("core.api.docs.SchemaView")), name="api-schema"),
    path(
        "api/docs/",
        vendor_reachable(lazy_view("core.api.docs.SwaggerUIView", url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        vendor_reachable(lazy_view("core.api.docs.RedocView", url_name="api-schema")),
        name="api-redoc",
    ),
    re_path(r"^api/", api_not_found),
    path("", system.home, name="home"),
    path("healthz", system.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urlpatterns)),
    path("", include("accounts.urls")),
    path("", include("vendors.urls")),
    path("sla/", include("slas.urls")),
    path("", include("tickets.urls")),
    path("kpis/", include("kpis.urls")),
    path("operations/", include("operations.urls")),
    path("governance/", include("governance.urls")),
    path("scorecards/", include("scorecards.urls")),
    path("compliance/", include("compliance.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("reports.urls")),
    path("", include("overview.urls")),
    path("notifications/", include("notifications.urls")),
    path("portal/", include("portal.urls")),
]

handler400 = "core.views.system.bad_request"
handler403 = "core.views.system.permission_denied"
handler404 = "core.views.system.page_not_found"
handler500 = "core.views.system.server_error"
