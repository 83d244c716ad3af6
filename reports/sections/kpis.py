"""Key performance indicators: each active KPI with data in the month, our measurement beside the
vendor's report, against its target and warning band (status in words, as the dashboard says
it), with twelve months of monthly values for the trend. From the monthly KPI roll-ups only."""

import datetime
from decimal import Decimal
from typing import Any

from core.months import previous_months
from kpis.selectors.dashboard import DIFFERENCE_FLAG, KpiView, Point, monthly_views
from reports import charts
from reports.sections.base import ReportPeriod, decimal_text

KEY = "kpis"
TITLE = "Key performance indicators"
TEMPLATE = "reports/pdf/kpis.html"

TREND_MONTHS = 12
# What the executive summary leads with, when the vendor has data for it.
HEADLINE_CODES = (
    "uptime",
    "retrieval_time",
    "report_turnaround",
    "response_within_sla",
    "resolution_within_sla",
    "satisfaction",
)
HEADLINE_SHOWN = 6
CHARTS_SHOWN = 6  # each chart costs ~0.1-0.2 s to draw; the worst KPIs get one first
LEVEL_ORDER = {"breach": 0, "warning": 1, "ok": 2, "none": 3}
UNITLESS = ("count", "score")


def _number(value: Decimal | None) -> str | None:
    """A roll-up value (four decimals at most) as exact text without trailing zeros."""
    if value is None:
        return None
    return decimal_text(value.quantize(Decimal("0.0001")).normalize())


def _kpi(view: KpiView, months: list[datetime.date]) -> dict[str, Any] | None:
    """The KPI's month (the last of ``months``) against its target, with the trend; None when
    the month has no value."""
    kpi = view.kpi
    points = {point.period_start: point for point in view.points}
    month, before = months[-1], months[-2]
    if month not in points:
        return None
    this_month = KpiView(kpi, [points[month]])  # status and difference of the month itself
    last_month = KpiView(kpi, [points[before]]) if before in points else None
    status = this_month.status
    trend = [points.get(day, Point(day)) for day in months]
    return {
        "code": kpi.code,
        "name": kpi.name,
        "unit": kpi.unit,
        "unit_suffix": "" if kpi.unit in UNITLESS else kpi.unit,
        "higher_is_better": kpi.higher_is_better,
        "target": _number(kpi.target),
        "warning": _number(kpi.warning),
        "value": _number(this_month.current),
        "measured": _number(points[month].measured),
        "reported": _number(points[month].reported),
        "differs": this_month.differs,
        "level": status.level,
        "label": status.label,
        "reason": status.detail,
        "previous_value": _number(last_month.current) if last_month else None,
        "trend": [
            {
                "month": f"{point.period_start:%Y-%m}",
                "measured": _number(point.measured),
                "reported": _number(point.reported),
            }
            for point in trend
        ],
        "months_with_data": sum(1 for point in trend if point.measured is not None or point.reported is not None),
    }


def _headline(kpi: dict[str, Any]) -> dict[str, Any]:
    keys = ("code", "name", "unit", "unit_suffix", "value", "target", "level", "label", "reason", "previous_value")
    return {key: kpi[key] for key in keys}


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    months = previous_months(period.month, TREND_MONTHS)
    views = monthly_views(period.vendor_id, months[0], months[-1])
    rows = [row for row in (_kpi(view, months) for view in views) if row is not None]
    rows.sort(key=lambda row: (LEVEL_ORDER[row["level"]], row["name"]))
    shown = {row["code"] for row in rows}
    return {
        "months": [f"{month:%Y-%m}" for month in months],
        "kpis": rows,
        "headline": [_headline(row) for row in rows if row["code"] in HEADLINE_CODES][:HEADLINE_SHOWN],
        "no_data_this_month": sorted(view.kpi.name for view in views if view.kpi.code not in shown),
        "differing": sum(1 for row in rows if row["differs"]),
        "difference_flag_percent": decimal_text(DIFFERENCE_FLAG * 100),
    }


def _float(value: str | None) -> float | None:
    return None if value is None else float(value)


def charts_of(data: dict[str, Any]) -> dict[str, str]:
    """A small trend chart per KPI with at least two months of values, worst KPIs first."""
    drawn = {}
    for kpi in data["kpis"]:
        if len(drawn) == CHARTS_SHOWN:
            break
        if kpi["months_with_data"] < 2:
            continue
        trend = kpi["trend"]
        series = [("Measured", [_float(point["measured"]) for point in trend], charts.MEASURED)]
        if any(point["reported"] is not None for point in trend):
            series.append(("Vendor-reported", [_float(point["reported"]) for point in trend], charts.REPORTED))
        drawn[kpi["code"]] = charts.line_chart(
            [point["month"][2:] for point in trend],
            series,
            target=_float(kpi["target"]),
            unit=kpi["unit"],
            title=kpi["name"],
            width=3.3,
            height=1.9,
            ticks=6,
            legend_below=True,
        )
    return drawn
