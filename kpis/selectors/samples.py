"""Reads on KPI samples for pages, exports and the API (scoped by the caller through
``visible_to``)."""

from django.db.models import QuerySet

from kpis.models import KpiSample

SAMPLE_LIST_FIELDS = (
    "id",
    "measured_at",
    "value",
    "source",
    "reporter",
    "created_at",
    "kpi_id",
    "vendor_id",
    "component_id",
    "reported_by_id",
    "kpi__code",
    "kpi__name",
    "kpi__unit",
    "vendor__name",
    "component__name",
    "component__site",
    "reported_by__username",
    "reported_by__first_name",
    "reported_by__last_name",
)


def sample_list() -> QuerySet[KpiSample]:
    """Samples newest first, each with its KPI, vendor, component and reporter in the same query
    (only the columns a list shows: there are millions of rows)."""
    return (
        KpiSample.objects.select_related("kpi", "vendor", "component", "reported_by")
        .only(*SAMPLE_LIST_FIELDS)
        .order_by("-measured_at", "-id")
    )
