"""The KPI dashboard's read model, from roll-ups only (never raw samples): each KPI's current
value against its target (green, amber, red, with the reason in words), our measurement beside
the vendor's report where both exist, and the trend over a date range. A fixed number of queries
however many samples there are."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import F

from core.formatting import format_quantity
from kpis.models import Area, Kpi, KpiRollup, Period, Source

# A vendor's report differing from our measurement by more than this share is flagged.
DIFFERENCE_FLAG = Decimal("0.05")


LEVEL_LABELS = {"breach": "Target missed", "warning": "Close to target", "ok": "On target", "none": "Not assessed"}


@dataclass(frozen=True)
class Status:
    level: str  # "ok", "warning", "breach" or "none"
    detail: str  # what the label does not say already: "above 3 s", "no target set"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def text(self) -> str:
        """ "Target missed: above 3 s", "Close to target: above 2 s, the warning level"."""
        return f"{self.label}: {self.detail}"

    @property
    def badge(self) -> str:
        return {"ok": "success", "warning": "warning", "breach": "danger"}.get(self.level, "secondary")


def quantity(value: Decimal, unit: str) -> str:
    """A value with its unit as a sentence says it: "3 s", "99.9 %", but "3" for counts and scores."""
    return format_quantity(value, unit)


def assess(kpi: Kpi, value: Decimal | None) -> Status:
    """Against the target: red when missed, amber inside the warning band, green beyond it."""
    if value is None:
        return Status("none", "no data in this range")
    if kpi.target is None:
        return Status("none", "no target set")
    target = quantity(kpi.target, kpi.unit)
    warning = quantity(kpi.warning, kpi.unit) if kpi.warning is not None else ""
    if kpi.higher_is_better:
        if value < kpi.target:
            return Status("breach", f"below {target}")
        if kpi.warning is not None and value < kpi.warning:
            return Status("warning", f"below {warning}, the warning level")
        return Status("ok", f"{target} or more")
    if value > kpi.target:
        return Status("breach", f"above {target}")
    if kpi.warning is not None and value > kpi.warning:
        return Status("warning", f"above {warning}, the warning level")
    return Status("ok", f"{target} or less")


@dataclass
class Point:
    period_start: datetime.date
    measured: Decimal | None = None
    reported: Decimal | None = None  # by the vendor


@dataclass
class KpiView:
    """One KPI's points in a range. Read, never changed once made: its latest point, status and
    difference are worked out once (a page asks for them several times per tile)."""

    kpi: Kpi
    points: list[Point] = field(default_factory=list)

    @cached_property
    def latest(self) -> Point | None:
        """The latest period with a measured value, else with a reported one."""
        measured = [point for point in self.points if point.measured is not None]
        return (measured or self.points or [None])[-1]

    @property
    def current(self) -> Decimal | None:
        point = self.latest
        return None if point is None else (point.measured if point.measured is not None else point.reported)

    @cached_property
    def status(self) -> Status:
        return assess(self.kpi, self.current)

    @property
    def reported(self) -> Decimal | None:
        point = self.latest
        return None if point is None else point.reported

    @cached_property
    def differs(self) -> bool:
        """Our measurement and the vendor's report of the same period disagree noticeably."""
        point = self.latest
        if point is None or point.measured is None or point.reported is None:
            return False
        if assess(self.kpi, point.measured).level != assess(self.kpi, point.reported).level:
            return True
        scale = max(abs(point.measured), abs(point.reported), Decimal("0.0001"))
        return abs(point.measured - point.reported) / scale > DIFFERENCE_FLAG

    def chart(self) -> dict[str, object]:
        def number(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "code": self.kpi.code,
            "name": self.kpi.name,
            "unit": self.kpi.unit,
            "target": number(self.kpi.target),
            "labels": [point.period_start.isoformat() for point in self.points],
            "measured": [number(point.measured) for point in self.points],
            "reported": [number(point.reported) for point in self.points],
        }


ATTENTION = ("breach", "warning")  # red and amber


@dataclass(frozen=True)
class AreaGroup:
    """One area's KPIs (availability, performance, support, storage, other), worst first."""

    area: str
    label: str
    views: list[KpiView]

    def count(self, level: str) -> int:
        return sum(1 for view in self.views if view.status.level == level)

    @property
    def red(self) -> int:
        return self.count("breach")

    @property
    def amber(self) -> int:
        return self.count("warning")

    @property
    def green(self) -> int:
        return self.count("ok")


def by_area(views: Iterable[KpiView]) -> list[AreaGroup]:
    """The views grouped by their KPI's area, areas in their fixed order (so each is always in
    the same place), each keeping the views' order: red and amber first. Empty areas are left out."""
    views = list(views)
    groups = (AreaGroup(area.value, area.label, [v for v in views if v.kpi.area == area]) for area in Area)
    return [group for group in groups if group.views]


def scorecard(
    vendor_ids: Sequence[int], start: datetime.date, end: datetime.date, *, period: str | None = None
) -> dict[int, list[KpiView]]:
    """Each vendor's active KPIs with data from ``start`` to ``end``, in each KPI's own period
    (day, week or month) or, given ``period``, in that one for every KPI, for the vendor as a
    whole; worst status first. Two queries for any number of vendors."""
    kpis = {kpi.pk: kpi for kpi in Kpi.objects.filter(active=True)}
    rows = (
        KpiRollup.objects.filter(
            vendor_id__in=vendor_ids,
            component__isnull=True,
            period=F("kpi__period") if period is None else period,
            period_start__gte=start,
            period_start__lte=end,
            kpi__active=True,
        )
        .order_by("vendor_id", "kpi_id", "period_start")
        .values_list("vendor_id", "kpi_id", "period_start", "source", "value")
    )
    return _views(vendor_ids, kpis, rows)


# Each vendor's and KPI's latest period in the range with a measured value (any source but the
# vendor), else its latest period at all, and every source's roll-up of that period: all that
# a KPI's tile shows, without the trend's hundreds of daily points.
LATEST = """
WITH latest AS (
    SELECT r.vendor_id, r.kpi_id,
           COALESCE(max(r.period_start) FILTER (WHERE r.source <> %(vendor)s), max(r.period_start)) AS period_start
    FROM kpis_kpirollup r
    JOIN kpis_kpi k ON k.id = r.kpi_id AND k.active AND r.period = k.period
    WHERE r.vendor_id = ANY(%(vendors)s) AND r.component_id IS NULL
      AND r.period_start >= %(start)s AND r.period_start <= %(end)s
    GROUP BY r.vendor_id, r.kpi_id
)
SELECT r.vendor_id, r.kpi_id, r.period_start, r.source, r.value
FROM latest l
JOIN kpis_kpi k ON k.id = l.kpi_id
JOIN kpis_kpirollup r ON r.vendor_id = l.vendor_id AND r.kpi_id = l.kpi_id AND r.component_id IS NULL
     AND r.period = k.period AND r.period_start = l.period_start
ORDER BY r.vendor_id, r.kpi_id, r.source
"""


def latest_scorecard(vendor_ids: Sequence[int], start: datetime.date, end: datetime.date) -> dict[int, list[KpiView]]:
    """``scorecard`` for tiles only: each view holds just its latest point, so its current value,
    status, vendor report and difference are the scorecard's, but it has no trend to chart. Reads
    a few rows per vendor and KPI however long the range: for overviews of many vendors. Two
    queries."""
    kpis = {kpi.pk: kpi for kpi in Kpi.objects.filter(active=True)}
    with connection.cursor() as cursor:
        cursor.execute(LATEST, {"vendor": Source.VENDOR.value, "vendors": list(vendor_ids), "start": start, "end": end})
        rows = cursor.fetchall()
    return _views(vendor_ids, kpis, rows)


def red_kpis(vendor_ids: Sequence[int], start: datetime.date, end: datetime.date) -> list[tuple[int, KpiView]]:
    """(vendor id, view) of every KPI whose latest value from ``start`` to ``end`` misses its
    target: the red tiles of the vendors' dashboards, by vendor in the order given. Two queries."""
    cards = latest_scorecard(vendor_ids, start, end)
    return [(vendor_id, view) for vendor_id in vendor_ids for view in cards[vendor_id] if view.status.level == "breach"]


def _views(
    vendor_ids: Sequence[int],
    kpis: dict[int, Kpi],
    rows: Iterable[tuple[int, int, datetime.date, str, Decimal]],
) -> dict[int, list[KpiView]]:
    """Each vendor's views from roll-up rows (vendor, KPI, period start, source, value) in order
    of period, worst status first."""
    points: dict[int, dict[int, dict[datetime.date, Point]]] = defaultdict(lambda: defaultdict(dict))
    for vendor_id, kpi_id, period_start, source, value in rows:
        point = points[vendor_id][kpi_id].setdefault(period_start, Point(period_start))
        if source == Source.VENDOR:
            point.reported = value
        elif point.measured is None or source == kpis[kpi_id].source:
            point.measured = value  # the KPI's own source wins over a hand-entered correction
    order = {"breach": 0, "warning": 1, "ok": 2, "none": 3}
    cards = {
        vendor_id: sorted(
            (KpiView(kpis[kpi_id], list(by_day.values())) for kpi_id, by_day in by_kpi.items()),
            key=lambda view: (order[view.status.level], view.kpi.name),
        )
        for vendor_id, by_kpi in points.items()
    }
    # Overviews ask for hundreds of vendors, most without data: no sorting for those.
    return {vendor_id: cards.get(vendor_id, []) for vendor_id in vendor_ids}


def kpi_views(vendor_id: int, start: datetime.date, end: datetime.date) -> list[KpiView]:
    return scorecard([vendor_id], start, end)[vendor_id]


def monthly_views(vendor_id: int, first_month: datetime.date, last_month: datetime.date) -> list[KpiView]:
    """The vendor's active KPIs by calendar month (their month roll-ups, whatever period each is
    tracked in) from ``first_month`` to ``last_month`` (first days): the monthly report's view."""
    return scorecard([vendor_id], first_month, last_month, period=Period.MONTH)[vendor_id]
