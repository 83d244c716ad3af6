"""Reads for the replacement schedule: the planned replacements, the budget by year (the
timeline chart and the five-year forecast, summed in SQL) and the components whose warranty or
support ends soon (the reminders). Callers scope with ``visible_to``."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from operations.models import ComponentLifecycle
from operations.selectors.lifecycle import lifecycle_records

FORECAST_YEARS = 5


def planned_replacements() -> QuerySet[ComponentLifecycle]:
    """Lifecycles with a planned replacement, soonest first, with their component, vendor and
    patch backlog (for their flags)."""
    return lifecycle_records().filter(replacement_planned_on__isnull=False).order_by("replacement_planned_on", "pk")


def unplanned_past_support(today: datetime.date) -> QuerySet[ComponentLifecycle]:
    """Components past their vendor's end of support with no replacement planned."""
    return lifecycle_records().filter(support_ends_on__lt=today, replacement_planned_on__isnull=True)


@dataclass(frozen=True)
class YearBudget:
    year: int
    replacements: int
    budget: Decimal
    unbudgeted: int  # replacements planned that year without a budget


def budget_by_year(lifecycles: QuerySet[ComponentLifecycle]) -> dict[int, YearBudget]:
    """Planned replacements and their budget per calendar year (one query)."""
    rows = (
        lifecycles.filter(replacement_planned_on__isnull=False)
        .annotate(year=ExtractYear("replacement_planned_on"))
        .order_by()
        .values("year")
        .annotate(
            replacements=Count("pk"),
            budget=Sum("replacement_budget"),
            unbudgeted=Count("pk", filter=Q(replacement_budget__isnull=True)),
        )
    )
    return {
        row["year"]: YearBudget(row["year"], row["replacements"], row["budget"] or Decimal(0), row["unbudgeted"])
        for row in rows
    }


def five_year_forecast(by_year: dict[int, YearBudget], today: datetime.date) -> list[YearBudget]:
    """This year and the next four, each with its replacements and budget (zero when none)."""
    years = range(today.year, today.year + FORECAST_YEARS)
    return [by_year.get(year, YearBudget(year, 0, Decimal(0), 0)) for year in years]


def overdue_budget(by_year: dict[int, YearBudget], today: datetime.date) -> YearBudget | None:
    """Replacements planned in years already past, summed: planned but never done."""
    past = [budget for year, budget in by_year.items() if year < today.year]
    if not past:
        return None
    return YearBudget(
        year=min(b.year for b in past),
        replacements=sum(b.replacements for b in past),
        budget=sum((b.budget for b in past), Decimal(0)),
        unbudgeted=sum(b.unbudgeted for b in past),
    )


def lifecycle_dates_within(*, today: datetime.date, within_days: int) -> QuerySet[ComponentLifecycle]:
    """Lifecycles whose warranty or vendor support ends between today and ``within_days`` ahead,
    with their component and vendor (the reminders' candidates)."""
    horizon = today + datetime.timedelta(days=within_days)
    return (
        ComponentLifecycle.objects.select_related("component__vendor")
        .filter(
            Q(warranty_ends_on__gte=today, warranty_ends_on__lte=horizon)
            | Q(support_ends_on__gte=today, support_ends_on__lte=horizon)
        )
        .order_by("pk")
    )
