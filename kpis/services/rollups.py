"""Roll-ups: each KPI's aggregate per vendor (and per component), source and day, week and month,
recomputed in SQL for exactly the series and periods that new samples touched, so dashboards read
a few rows instead of millions of samples."""

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

# One pass over the samples of the touched series (KPI, vendor, source) in the touched months and
# weeks. Each sample's local day, week and month is computed once; grouping sets give every
# (component, period) and (whole vendor, period) group from three sorts of the rows rather than
# six. The series are numbered so those sorts compare integers, not text. Each KPI aggregates its
# own way (k.aggregation, as a number): FILTER feeds a group's rows only to its own aggregate.
# Percentiles sort the values as float8, far cheaper to compare than numeric: exact for values
# of up to fifteen significant digits (below 10^11 with four decimals), and within float8's
# precision above, far finer than any KPI is read.
REFRESH = """
WITH touched AS (
    SELECT t.series, t.kpi_id, t.vendor_id, t.source,
           CASE k.aggregation WHEN 'mean' THEN 1 WHEN 'median' THEN 2 WHEN 'p90' THEN 3 WHEN 'sum' THEN 4
                              WHEN 'last' THEN 5 WHEN 'rate' THEN 6 END AS aggregation
    FROM unnest(%(kpis)s::bigint[], %(vendors)s::bigint[], %(sources)s::text[])
         WITH ORDINALITY AS t(kpi_id, vendor_id, source, series)
    JOIN kpis_kpi k ON k.id = t.kpi_id
),
local AS (
    SELECT t.series, t.aggregation, s.id, s.component_id, s.value, s.measured_at, l.at::date AS day,
           date_trunc('week', l.at)::date AS week, date_trunc('month', l.at)::date AS month
    FROM touched t
    JOIN kpis_kpisample s ON s.kpi_id = t.kpi_id AND s.vendor_id = t.vendor_id AND s.source = t.source
    CROSS JOIN LATERAL (SELECT s.measured_at AT TIME ZONE %(zone)s AS at) l
    WHERE s.measured_at >= %(first)s AND s.measured_at < %(last)s
),
grouped AS (
    SELECT series,
           -- each sample counts for its component and for the vendor as a whole (component NULL)
           CASE WHEN GROUPING(component_id) = 0 THEN component_id END AS component_id,
           GROUPING(component_id) = 0 AND component_id IS NULL AS repeats_whole_vendor,
           CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(week) = 0 THEN 'week' ELSE 'month' END AS period,
           COALESCE(day, week, month) AS period_start,
           COALESCE(
               avg(value) FILTER (WHERE aggregation = 1),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY value::float8) FILTER (WHERE aggregation = 2),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY value::float8) FILTER (WHERE aggregation = 3),
               sum(value) FILTER (WHERE aggregation = 4),
               (array_agg(value ORDER BY measured_at DESC, id DESC) FILTER (WHERE aggregation = 5))[1],
               100.0 * avg(CASE WHEN value = 1 THEN 1 ELSE 0 END) FILTER (WHERE aggregation = 6)
           ) AS value,
           count(*) AS samples, min(value) AS minimum, max(value) AS maximum
    FROM local
    GROUP BY series,
             GROUPING SETS ((day, component_id), (day), (week, component_id), (week), (month, component_id), (month))
)
INSERT INTO kpis_kpirollup (created_at, updated_at, computed_at, kpi_id, vendor_id, component_id, source, period,
                            period_start, value, samples, minimum, maximum)
SELECT now(), now(), now(), t.kpi_id, t.vendor_id, g.component_id, t.source, g.period, g.period_start, g.value,
       g.samples, g.minimum, g.maximum
FROM grouped g
JOIN touched t ON t.series = g.series
-- only whole periods: the edges of the range hold parts of periods outside it
WHERE NOT g.repeats_whole_vendor
  AND g.period_start >= %(first_day)s AND (g.period_start + ('1 ' || g.period)::interval)::date <= %(last_day)s
ON CONFLICT (kpi_id, vendor_id, component_id, source, period, period_start)
DO UPDATE SET value = EXCLUDED.value, samples = EXCLUDED.samples, minimum = EXCLUDED.minimum,
              maximum = EXCLUDED.maximum, computed_at = EXCLUDED.computed_at, updated_at = EXCLUDED.updated_at
"""
# Sorting a month of a busy series in memory rather than in temporary files.
SORT_MEMORY = "64MB"


class Series(NamedTuple):
    """What new samples touched: their series (KPI id, vendor id, source) and first and last instants."""

    keys: set[tuple[int, int, str]]
    first: datetime.datetime
    last: datetime.datetime


def _bounds(instants: Sequence[datetime.datetime]) -> tuple[datetime.date, datetime.date]:
    """Local dates from the Monday on or before the first touched month to the Monday on or after
    the last touched month's end: every touched day, week and month lies wholly inside."""
    first_month = timezone.localtime(min(instants)).date().replace(day=1)
    after_last_month = (timezone.localtime(max(instants)).date().replace(day=28) + datetime.timedelta(days=4)).replace(
        day=1
    )
    first = first_month - datetime.timedelta(days=first_month.weekday())
    last = after_last_month + datetime.timedelta(days=(7 - after_last_month.weekday()) % 7)
    return first, last


def _instant(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def rollups_refresh_series(series: Series) -> int:
    """Recompute every day, week and month roll-up of these series that lies within the months
    (and the weeks overlapping them) from ``series.first`` to ``series.last``, from the samples
    stored. Returns the roll-up rows written."""
    if not series.keys:
        return 0
    keys = sorted(series.keys)
    first, last = _bounds([series.first, series.last])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [SORT_MEMORY])
        cursor.execute(
            REFRESH,
            {
                "kpis": [kpi for kpi, _, _ in keys],
                "vendors": [vendor for _, vendor, _ in keys],
                "sources": [source for _, _, source in keys],
                "zone": settings.TIME_ZONE,
                "first": _instant(first),
                "last": _instant(last),
                "first_day": first,
                "last_day": last,
            },
        )
        return cursor.rowcount
