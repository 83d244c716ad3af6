"""Query helpers."""

from typing import Any

from django.db import connections
from django.db.models import (
    Count,
    DateTimeField,
    Expression,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone


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


def first_with_total(queryset: QuerySet, limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` rows of ``queryset`` and how many rows it has, in one query: a window
    count over the whole result, taken before the limit. For short lists whose rows the
    database reads in full anyway; a long list whose first rows come from an index walk is
    cheaper with its own ``count()``."""
    rows = list(queryset.annotate(rows_in_total=Window(Count("pk")))[:limit])
    return rows, rows[0].rows_in_total if rows else 0


class AppNow(Expression):
    """The application's ``timezone.now()`` as a query parameter, read each time the query is
    compiled (so a queryset built once, e.g. a view's class attribute, still means "now" when it
    runs). Unlike the database's ``NOW()``, it is the clock every other instant in the product
    comes from, and the one tests control."""

    output_field = DateTimeField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s::timestamptz", [timezone.now()]


def clamp_into_range(model: type[Model], field: str, low: Any, high: Any) -> int:
    """Move the values of ``field`` outside ``low``..``high`` to the nearer end; returns how many
    rows changed. For a migration that adds a range check to a table written before there was one
    (a check the rows break would stop the migration)."""
    rows = model._base_manager.all()
    changed = rows.filter(**{f"{field}__lt": low}).update(**{field: low})
    changed += rows.filter(**{f"{field}__gt": high}).update(**{field: high})
    if changed:
        # The updates queue deferred foreign-key checks; PostgreSQL refuses ALTER TABLE on the
        # table in the same transaction until they have run.
        with connections[rows.db].cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return changed
