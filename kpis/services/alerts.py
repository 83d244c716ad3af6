"""KPI alerts: each condition (a KPI past its warning band or target, a degrading trend, storage
running out, a TLS certificate close to its end) is raised once, escalated once from warning to
breach, and cleared when it recovers; hospital users hear of each change as "KPI alert" (admins by
default, in the app and in the daily digest). Evaluated hourly from the roll-ups and the probes'
latest runs."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.roles import hospital_users
from kpis.models import Direction, Kpi, KpiAlert, KpiRollup, Period, Probe, Source
from kpis.selectors.dashboard import quantity, scorecard
from kpis.selectors.probes import probe_list
from kpis.services.samples import SampleInput, samples_ingest
from notifications.event_types import EventType
from notifications.services.notify import notices_for, notify_bulk
from vendors.models import Vendor

TREND_CHANGE = Decimal("0.20")  # 20 % worse week over week
LOOKBACK_DAYS = 62
GROWTH_DAYS = 60
DAYS_PER_MONTH = Decimal("30.44")
# A probed TLS certificate that runs out within this many days raises a warning; within the
# second, the alert says it is missing its target.
CERTIFICATE_WARNING_DAYS = 30
CERTIFICATE_BREACH_DAYS = 7


@dataclass(frozen=True)
class Condition:
    kpi: Kpi
    vendor_id: int
    kind: str
    level: str | None  # None: the condition is fine now
    message: str
    component_id: int | None = None

    @property
    def key(self) -> tuple[int, int, int | None, str]:
        return (self.kpi.pk, self.vendor_id, self.component_id, self.kind)


def threshold_conditions(vendor_ids: list[int], today: datetime.date) -> list[Condition]:
    cards = scorecard(vendor_ids, today - datetime.timedelta(days=LOOKBACK_DAYS), today)
    conditions = []
    for vendor_id, views in cards.items():
        for view in views:
            level = view.status.level
            if level == "none":
                continue
            message = f"{view.kpi.name} is {quantity(view.current, view.kpi.unit)}. {view.status.text}."
            conditions.append(
                Condition(view.kpi, vendor_id, KpiAlert.Kind.THRESHOLD, None if level == "ok" else level, message)
            )
    return conditions


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values) / len(values) if values else None


def trend_conditions(vendor_ids: list[int], today: datetime.date) -> list[Condition]:
    """Daily KPIs whose last seven days are over 20 % worse than the seven before."""
    kpis = {kpi.pk: kpi for kpi in Kpi.objects.filter(active=True, period=Period.DAY)}
    rows = KpiRollup.objects.filter(
        kpi_id__in=kpis,
        vendor_id__in=vendor_ids,
        component__isnull=True,
        period=Period.DAY,
        period_start__gt=today - datetime.timedelta(days=14),
        period_start__lte=today,
    ).exclude(source=Source.VENDOR)
    weeks: dict[tuple[int, int], tuple[list[Decimal], list[Decimal]]] = defaultdict(lambda: ([], []))
    for kpi_id, vendor_id, day, value in rows.values_list("kpi_id", "vendor_id", "period_start", "value"):
        weeks[(kpi_id, vendor_id)][0 if day > today - datetime.timedelta(days=7) else 1].append(value)
    conditions = []
    for (kpi_id, vendor_id), (recent, before) in weeks.items():
        now_mean, then_mean = _mean(recent), _mean(before)
        if now_mean is None or not then_mean:
            continue
        kpi = kpis[kpi_id]
        change = (now_mean - then_mean) / abs(then_mean)
        worse = change if kpi.direction == Direction.LOWER else -change
        direction = "up" if change > 0 else "down"
        message = f"{kpi.name} is {direction} {abs(change) * 100:.0f} % week over week."
        level = KpiAlert.Level.WARNING if worse > TREND_CHANGE else None
        conditions.append(Condition(kpi, vendor_id, KpiAlert.Kind.TREND, level, message))
    return conditions


def _growth_per_day(points: list[tuple[datetime.date, Decimal]]) -> Decimal | None:
    """The least-squares slope of storage used over time (GB per day)."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [Decimal((day - origin).days) for day, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def headroom_conditions(today: datetime.date, now: datetime.datetime) -> list[Condition]:
    """Months until each probed archive with a known capacity is full, by a linear forecast of its
    daily storage used; recorded as the vendor's ``storage_headroom`` KPI."""
    headroom = Kpi.objects.get(code="storage_headroom")
    probes = list(Probe.objects.filter(active=True, storage_capacity_gb__isnull=False).select_related("component"))
    rows = KpiRollup.objects.filter(
        kpi__code="storage_used",
        component_id__in=[probe.component_id for probe in probes],
        period=Period.DAY,
        source=Source.PROBE,
        period_start__gt=today - datetime.timedelta(days=GROWTH_DAYS),
    ).order_by("period_start")
    series: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for component_id, day, value in rows.values_list("component_id", "period_start", "value"):
        series[component_id].append((day, value))
    conditions, samples = [], []
    for probe in probes:
        points = series.get(probe.component_id, [])
        growth = _growth_per_day(points)
        if growth is None or growth <= 0:
            continue
        months = ((probe.storage_capacity_gb - points[-1][1]) / growth / DAYS_PER_MONTH).quantize(Decimal("0.1"))
        samples.append(SampleInput("storage_headroom", probe.vendor_id, now, max(months, Decimal(0))))
        status_level = None
        if headroom.target is not None and months < headroom.target:
            status_level = KpiAlert.Level.BREACH
        elif headroom.warning is not None and months < headroom.warning:
            status_level = KpiAlert.Level.WARNING
        message = f"{probe.component} is full in about {months} months at {growth * 30:.1f} GB a month."
        conditions.append(
            Condition(headroom, probe.vendor_id, KpiAlert.Kind.HEADROOM, status_level, message, probe.component_id)
        )
    if samples:
        samples_ingest(samples=samples, user=None, source=Source.COMPUTED, reporter="storage forecast")
    return conditions


def certificate_conditions(now: datetime.datetime) -> list[Condition]:
    """The certificate of each active TLS probe, as its latest run read it: under
    ``CERTIFICATE_WARNING_DAYS`` days to its end a warning, under ``CERTIFICATE_BREACH_DAYS`` a
    breach, counted from ``now`` (so the alert comes even while the probe does not run). A run
    that read no certificate (the endpoint is down: an incident says so) leaves the alert as it
    is."""
    kpi = Kpi.objects.get(code="certificate_days_left")
    probes = probe_list().filter(active=True, kind=Probe.Kind.TLS)
    conditions = []
    for probe in probes:
        tls = next((result for result in probe.last_results or [] if result.get("check") == "tls"), None)
        not_after_text = (tls or {}).get("values", {}).get("not_after")
        if not not_after_text:
            continue
        not_after = datetime.datetime.fromisoformat(not_after_text)
        days = (not_after - now).days
        level = None
        if days < CERTIFICATE_BREACH_DAYS:
            level = KpiAlert.Level.BREACH
        elif days < CERTIFICATE_WARNING_DAYS:
            level = KpiAlert.Level.WARNING
        when = timezone.localdate(not_after)
        message = (
            f"The TLS certificate of {probe.component} ({probe.host}:{probe.port}) expires on {when:%Y-%m-%d}, "
            f"in {days} day{'' if days == 1 else 's'}."
        )
        conditions.append(
            Condition(kpi, probe.vendor_id, KpiAlert.Kind.CERTIFICATE, level, message, probe.component_id)
        )
    return conditions


@dataclass(frozen=True)
class AlertChanges:
    raised: int = 0
    escalated: int = 0
    cleared: int = 0


@transaction.atomic
def alerts_refresh(*, now: datetime.datetime | None = None) -> AlertChanges:
    """Evaluate every condition and raise, escalate or clear alerts; tell hospital users."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    vendor_ids = list(Vendor.objects.values_list("pk", flat=True))
    conditions = (
        threshold_conditions(vendor_ids, today)
        + trend_conditions(vendor_ids, today)
        + headroom_conditions(today, now)
        + certificate_conditions(now)
    )
    open_alerts = {
        (alert.kpi_id, alert.vendor_id, alert.component_id, alert.kind): alert
        for alert in KpiAlert.objects.select_for_update().filter(cleared_at__isnull=True)
    }
    vendors = {vendor.pk: vendor for vendor in Vendor.objects.filter(pk__in=vendor_ids)}
    raised = escalated = cleared = 0
    news: list[tuple[str, str, int]] = []
    for condition in conditions:
        alert = open_alerts.get(condition.key)
        vendor = vendors[condition.vendor_id]
        if condition.level is None:
            if alert is not None:
                alert.cleared_at = now
                alert.save(update_fields=["cleared_at", "updated_at"])
                cleared += 1
                news.append((f"Recovered: {vendor}", condition.message, condition.vendor_id))
            continue
        if alert is None:
            KpiAlert.objects.create(
                kpi=condition.kpi,
                vendor_id=condition.vendor_id,
                component_id=condition.component_id,
                kind=condition.kind,
                level=condition.level,
                message=condition.message[:300],
                raised_at=now,
            )
            raised += 1
            news.append((f"KPI alert: {vendor}", condition.message, condition.vendor_id))
        elif alert.level != condition.level or alert.message != condition.message[:300]:
            worse = alert.level == KpiAlert.Level.WARNING and condition.level == KpiAlert.Level.BREACH
            alert.level, alert.message = condition.level, condition.message[:300]
            alert.save(update_fields=["level", "message", "updated_at"])
            if worse:
                escalated += 1
                news.append((f"KPI alert, now missing its target: {vendor}", condition.message, condition.vendor_id))
    _tell_hospital(news)
    return AlertChanges(raised, escalated, cleared)


def _tell_hospital(news: list[tuple[str, str, int]]) -> None:
    """One "KPI alert" per (title, body, vendor) to the hospital's users, linking the vendor's
    dashboard; each hears of it as their preferences say."""
    users = list(hospital_users())
    notify_bulk(
        notices=[
            notice
            for title, body, vendor_id in news
            for notice in notices_for(
                event=EventType.KPI_ALERT,
                recipients=users,
                title=title,
                body=body,
                url=reverse("kpis:dashboard_vendor", args=[vendor_id]),
                level="warning",
            )
        ]
    )
