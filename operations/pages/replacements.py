"""The replacement schedule's facts: the budget by year for the timeline chart, the five-year
forecast, replacements planned in years already past, and what is past end of support without a
plan. Read from the replacements a user may see."""

import datetime
from typing import Any

from accounts.models import User
from core.formatting import format_money
from operations.selectors.lifecycle import lifecycle_records
from operations.selectors.replacements import (
    budget_by_year,
    five_year_forecast,
    overdue_budget,
    unplanned_past_support,
)

UNPLANNED_SHOWN = 10


def schedule_context(user: User, today: datetime.date) -> dict[str, Any]:
    """Over the lifecycles ``user`` may see."""
    visible = lifecycle_records().visible_to(user)
    by_year = budget_by_year(visible)
    forecast = five_year_forecast(by_year, today)
    years = sorted(by_year)
    unplanned = unplanned_past_support(today).filter(pk__in=visible.values("pk"))
    return {
        "forecast": forecast,
        "forecast_total": format_money(sum(year.budget for year in forecast)),
        "forecast_replacements": sum(year.replacements for year in forecast),
        "overdue": overdue_budget(by_year, today),
        "chart": {
            "labels": [str(year) for year in years],
            "budget": [float(by_year[year].budget) for year in years],
            "replacements": [by_year[year].replacements for year in years],
            "current_year": str(today.year),
        },
        "unplanned": list(unplanned.order_by("support_ends_on", "pk")[:UNPLANNED_SHOWN]),
        "unplanned_count": unplanned.count(),
    }
