"""Roll-ups: each KPI's aggregate per vendor (and per component), source and day, week and month,
recomputed in SQL for exactly the series and periods that new samples touched, so dashboards read
a few rows instead of millions of samples."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.utils import timezone

from kpis.models import KpiSample

# Each KPI aggregates its period's samples its own way (k.aggregation).
REFRESH = """
WITH touched AS (
    SELECT DISTINCT kpi_id, vendor_id, source
    FROM unnest(%(kpis)s::bigint[], %(vendors)s::bigint[], %(sources)s::text[]) AS t(kpi_id, vendor_id, source)
),
periods AS (SELECT unnest(ARRAY['day', 'week', 'month']) AS period),
grouped AS (
    SELECT s.kpi_id, s.vendor_id, c.component_id, s.source, p.period,
           date_trunc(p.period, s.measured_at AT TIME ZONE %(zone)s)::date AS period_start,
           CASE k.aggregation
               WHEN 'mean' THEN avg(s.value)
               WHEN 'median' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY s.value)
               WHEN 'p90' THEN percentile_cont(0.9) WITHIN GROUP (ORDER BY s.value)
               WHEN 'sum' THEN sum(s.value)
               WHEN 'last' THEN (array_agg(s.value ORDER BY s.measured_at DESC, s.id DESC))[1]
               WHEN 'rate' THEN 100.0 * avg(CASE WHEN s.value = 1 THEN 1 ELSE 0 END)
           END AS value,
           count(*) AS samples, min(s.value) AS minimum, max(s.value) AS maximum
    FROM kpis_kpisample s
    JOIN touched t ON t.kpi_id = s.kpi_id AND t.vendor_id = s.vendor_id AND t.source = s.source
    JOIN kpis_kpi k ON k.id = s.kpi_id
    CROSS JOIN periods p
    -- each sample counts for its component and for the vendor as a whole (component NULL)
    CROSS JOIN LATERAL (SELECT s.component_id UNION SELECT NULL WHERE s.component_id IS NOT NULL) c(component_id)
    WHERE s.measured_at >= %(first)s AND s.measured_at < %(last)s
    GROUP BY s.kpi_id, s.vendor_id, c.component_id, s.source, p.period, k.aggregation,
             date_trunc(p.period, s.measured_at AT TIME ZONE %(zone)s)::date
)
INSERT INTO kpis_kpirollup (created_at, updated_at, computed_at, kpi_id, vendor_id, component_id, source, period,
                            period_start, value, samples, minimum, maximum)
SELECT now(), now(), now(), kpi_id, vendor_id, component_id, source, period, period_start, value, samples,
       minimum, maximum
FROM grouped
-- only whole periods: the edges of the range hold parts of periods outside it
WHERE period_start >= %(first_day)s AND (period_start + ('1 ' || period)::interval)::date <= %(last_day)s
ON CONFLICT (kpi_id, vendor_id, component_id, source, period, period_start)
DO UPDATE SET value = EXCLUDED.value, samples = EXCLUDED.samples, minimum = EXCLUDED.minimum,
              maximum = EXCLUDED.maximum, computed_at = EXCLUDED.computed_at, updated_at = EXCLUDED.updated_at
"""


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


def rollups_refresh(*, samples: Sequence[KpiSample]) -> int:
    """Recompute the roll-ups of the series (KPI, vendor, source) and periods these samples fall
    in, for each component and for the vendor as a whole. Returns the roll-up rows written."""
    if not samples:
        return 0
    series = {(sample.kpi_id, sample.vendor_id, sample.source) for sample in samples}
    first, last = _bounds([sample.measured_at for sample in samples])
    with connection.cursor() as cursor:
        cursor.execute(
            REFRESH,
            {
                "kpis": [kpi for kpi, _, _ in series],
                "vendors": [vendor for _, vendor, _ in series],
                "sources": [source for _, _, source in series],
                "zone": settings.TIME_ZONE,
                "first": _instant(first),
                "last": _instant(last),
                "first_day": first,
                "last_day": last,
            },
        )
        return cursor.rowcount
