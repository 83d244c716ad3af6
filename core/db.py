"""Query helpers."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def subquery_count(queryset: QuerySet, *, parent_field: str) -> Coalesce:
    """Count rows of ``queryset`` per outer row, as a correlated subquery.

    Unlike ``Count`` over joins, several of these in one annotation neither multiply each other
    nor force a GROUP BY over the outer table.
    """
    counted = (
        queryset.filter(**{parent_field: OuterRef("pk")})
        .order_by()
        .values(parent_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
