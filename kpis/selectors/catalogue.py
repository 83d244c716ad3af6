"""Reads on the KPI catalogue for pages, exports and the API."""

from django.db.models import QuerySet

from kpis.models import Kpi


def kpi_list() -> QuerySet[Kpi]:
    """The catalogue, by name."""
    return Kpi.objects.order_by("name")
