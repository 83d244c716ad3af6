"""Demo KPIs: a year of samples for the three demo vendors, written through the ingest service
(one batch per vendor and source) so every roll-up is what the product would have stored.

- Measured by our probes, per component: echo and query latency and image retrieval time
  (hourly on the archives and the diagnostic viewer, two-hourly elsewhere), probe success, the
  archives' storage (growing linearly, weekends slower) and the study count. They follow the demo
  incidents of the year: a probe fails while its component is down and retrieves slowly (degraded
  minutes) while it is degraded.
- Reported by the vendor: prior availability and ingest latency (monthly), failed transfers
  (daily), and the vendor's own uptime figure beside the one we compute.
- Entered by hand: the radiology department's weekly report turnaround.
- Computed: ``kpis_compute`` for the twelve months, from the demo tickets and incidents.

This month is not all green: Meridian's image retrieval has crept past its 3 s target over the
last weeks and its report turnaround is in the warning band, while Meridian reports 99.99 %
uptime every month whatever we measure; Archivault's replica answers queries slowly and is months
from full (its probe knows the capacity), its prior availability is under target and transfers
have failed every day this week. Lumen's probes and reports stay green.

The demo probes: one per archive component of the demo vendors, every 2 minutes, pointed at the
demo Orthanc that ``make run`` serves (``python -m devtools.orthanc``). Its settings come from the
JSON file named by the environment variable ``DEMO_ORTHANC`` (written by ``make run``); without
it the probes are created inactive, and a later run with it points them at the server and
activates them.

Idempotent: a vendor that already has samples other than computed ones gets no history, months
that have computed KPIs are not recomputed, and probes are looked up by vendor, component and name.
"""

import bisect
import datetime
import math
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.months import month_bounds, previous_months
from devtools.demo.kpis_interfaces import seed_interface_probes
from devtools.orthanc.demo import DEMO_AE_TITLE, DEMO_CALLING_AE_TITLE, DEMO_DICOM_PORT, DemoOrthanc
from devtools.orthanc.server import LOOPBACK
from devtools.seeding import DemoSeeder
from kpis.catalogue import catalogue_ensure
from kpis.models import Kpi, KpiSample, Probe, Source
from kpis.services.computations import kpis_compute
from kpis.services.samples import SampleInput, samples_ingest
from slas.models import Impact, Incident
from vendors.models import Component, Interface, Vendor

MERIDIAN = "Meridian Imaging Systems"
ARCHIVAULT = "Archivault Health"
LUMEN = "Lumen Diagnostics AI"
DEMO_VENDORS = (MERIDIAN, ARCHIVAULT, LUMEN)
MONTHS = 12
ORTHANC_ENV = "DEMO_ORTHANC"
PROBE_INTERVAL_MINUTES = 2
PROBE_KINDS = (Component.Kind.ARCHIVE, Component.Kind.VNA)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Measured:
    """What our probes measure on one component: typical values (busy hours are slower)."""

    component: str
    every_hours: int
    echo_ms: float
    query_ms: float | None = None
    retrieval_s: float | None = None
    storage_gb: tuple[float, float] | None = None  # used at the start, growth a day


@dataclass(frozen=True)
class Drift:
    """A KPI of one component getting worse by ``factor`` over the last ``days``."""

    component: str
    kpi: str
    days: int
    factor: float


MEASURED = {
    MERIDIAN: [
        Measured("Enterprise Archive", 1, 14, 310, 1.05, (148_000, 85)),
        Measured("Diagnostic Viewer", 1, 9, 240, 0.95),
        Measured("Clinical Web Viewer", 2, 21, 420, 1.15),
    ],
    ARCHIVAULT: [
        Measured("Vendor Neutral Archive", 1, 19, 450, 1.1, (412_000, 140)),
        Measured("VNA Replica", 2, 34, 520, 1.2, (405_000, 139)),
    ],
    LUMEN: [Measured("Lung Nodule Detection", 2, 27), Measured("Fracture Triage", 2, 24)],
}
DRIFTS = {
    MERIDIAN: [
        Drift("Enterprise Archive", "retrieval_time", 24, 2.9),
        Drift("Diagnostic Viewer", "retrieval_time", 24, 2.9),
    ],
    ARCHIVAULT: [Drift("VNA Replica", "query_latency", 16, 1.7)],
}
# For the headroom forecast: ample at Meridian, under a year on the VNA, months on its replica.
CAPACITY_GB = {"Enterprise Archive": 240_000, "Vendor Neutral Archive": 500_000, "VNA Replica": 474_000}
# Cumulative studies in the archive at the start and a weekday's new studies.
STUDIES = {MERIDIAN: (1_184_000, 760), ARCHIVAULT: (3_412_000, 1_240)}

# vendor: (prior availability % usual range, this month), (ingest latency min range, this month)
VENDOR_MONTHLY = {
    MERIDIAN: ((98.1, 99.3), 96.4, (1.7, 2.6), 2.2),
    ARCHIVAULT: ((98.6, 99.5), 93.8, (2.0, 2.8), 3.7),
}
# vendor: (share of days with failed transfers, most a day, days of trouble at the end, their range)
FAILED_TRANSFERS = {
    MERIDIAN: (0.08, 3, 0, (0, 0)),
    ARCHIVAULT: (0.12, 4, 6, (3, 9)),
    LUMEN: (0.05, 2, 0, (0, 0)),
}
VENDOR_CLAIMED_UPTIME = {MERIDIAN: 99.99}  # whatever we measure; the others report ours
# vendor: (weekly report turnaround range in hours, last weeks in the warning band)
TURNAROUND = {MERIDIAN: ((6.2, 7.6), (8.4, 9.6)), LUMEN: ((3.2, 4.6), None)}
TURNAROUND_REPORTER = "Radiology department weekly report"


@dataclass(frozen=True)
class _Span:
    start: datetime.datetime
    end: datetime.datetime
    impact: str


class _History:
    """The generated samples of one vendor, with the instants of the year and its incidents."""

    def __init__(self, vendor: Vendor, start: datetime.datetime, now: datetime.datetime) -> None:
        self.vendor = vendor
        self.start = start
        self.now = now
        self.rng = random.Random(f"kpis-demo-{vendor.name}")  # noqa: S311 - reproducible demo data
        self.components = {component.name: component for component in vendor.components.all()}
        self.spans: dict[int, list[_Span]] = {}
        incidents = Incident.objects.filter(vendor=vendor, started_at__lt=now).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=start)
        )
        for incident in incidents.prefetch_related("components"):
            span = _Span(incident.started_at, incident.ended_at or now, incident.impact)
            for component in incident.components.all():
                self.spans.setdefault(component.pk, []).append(span)

    def instants(self, every: datetime.timedelta, offset: datetime.timedelta) -> list[datetime.datetime]:
        at = (self.start + offset).astimezone(datetime.UTC)
        count = max(0, math.ceil((self.now - at) / every))
        return [at + every * index for index in range(count)]

    def days(self, hour: int, minute: int) -> Iterator[tuple[datetime.date, datetime.datetime]]:
        """Each local day of the year with its instant at ``hour:minute`` (today: a minute ago)."""
        day = timezone.localtime(self.start).date()
        today = timezone.localdate(self.now)
        while day <= today:
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
            if day == today:
                at = min(at, self.now - datetime.timedelta(minutes=1))
            if at >= self.start:
                yield day, at
            day += DAY

    def drift(self, component: str, kpi: str) -> Callable[[datetime.datetime], float]:
        for drift in DRIFTS.get(self.vendor.name, []):
            if (drift.component, drift.kpi) == (component, kpi):
                begin = self.now - DAY * drift.days
                return lambda at, d=drift, b=begin: 1 + (d.factor - 1) * max(0.0, (at - b) / (DAY * d.days))
        return lambda at: 1.0

    def noisy(self, typical: float, busy: bool) -> float:
        value = typical * (1.25 if busy else 1.0) * self.rng.lognormvariate(0, 0.18)
        if self.rng.random() < 0.003:
            value *= self.rng.uniform(2.5, 6)  # a spike
        return value

    def impacts(self, component: Component, instants: list[datetime.datetime]) -> dict[int, str]:
        """The index of each instant inside an incident of the component, with its impact (down
        wins over degraded)."""
        found: dict[int, str] = {}
        for span in self.spans.get(component.pk, []):
            for index in range(bisect.bisect_left(instants, span.start), bisect.bisect_left(instants, span.end)):
                if found.get(index) != Impact.DOWN:
                    found[index] = span.impact
        return found

    def degraded_minutes(self, component: Component, day: datetime.date) -> int:
        begin = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
        end = min(begin + DAY, self.now)
        seconds = sum(
            max(0.0, (min(span.end, end) - max(span.start, begin)).total_seconds())
            for span in self.spans.get(component.pk, [])
            if span.impact == Impact.DEGRADED
        )
        return round(seconds / 60)

    def probe_samples(self) -> list[SampleInput]:
        samples: list[SampleInput] = []
        vendor_id = self.vendor.pk
        zone = timezone.get_default_timezone()
        for measured in MEASURED.get(self.vendor.name, []):
            component = self.components.get(measured.component)
            if component is None:
                continue
            instants = self.instants(HOUR * measured.every_hours, datetime.timedelta(minutes=7))
            impacts = self.impacts(component, instants)
            retrieval_drift = self.drift(measured.component, "retrieval_time")
            query_drift = self.drift(measured.component, "query_latency")
            for index, at in enumerate(instants):
                impact = impacts.get(index)
                samples.append(
                    SampleInput("probe_success", vendor_id, at, 0 if impact == Impact.DOWN else 1, component.pk)
                )
                if impact == Impact.DOWN:
                    continue  # the checks failed: no timings
                slow = impact == Impact.DEGRADED
                busy = 7 <= at.astimezone(zone).hour < 19
                echo = self.noisy(measured.echo_ms, busy) * (self.rng.uniform(1.5, 3) if slow else 1)
                samples.append(SampleInput("echo_latency", vendor_id, at, round(echo, 1), component.pk))
                if measured.query_ms is not None:
                    query = self.noisy(measured.query_ms * query_drift(at), busy)
                    query *= self.rng.uniform(3, 6) if slow else 1
                    samples.append(SampleInput("query_latency", vendor_id, at, round(query, 1), component.pk))
                if measured.retrieval_s is not None:
                    retrieval = self.noisy(measured.retrieval_s * retrieval_drift(at), busy)
                    # Slower than the agreement's degraded threshold (60 s) while degraded.
                    retrieval = self.rng.uniform(62, 95) if slow else retrieval
                    samples.append(SampleInput("retrieval_time", vendor_id, at, round(retrieval, 3), component.pk))
            for day, at in self.days(23, 50):
                if measured.retrieval_s is not None:
                    minutes = self.degraded_minutes(component, day)
                    samples.append(SampleInput("degraded_minutes", vendor_id, at, minutes, component.pk))
            if measured.storage_gb is not None:
                used, growth = measured.storage_gb
                for day, at in self.days(23, 50):
                    used += growth * (0.55 if day.weekday() >= 5 else 1.15) * self.rng.lognormvariate(0, 0.15)
                    samples.append(SampleInput("storage_used", vendor_id, at, round(used, 1), component.pk))
        if self.vendor.name in STUDIES:
            studies, weekday = STUDIES[self.vendor.name]
            for day, at in self.days(23, 50):
                studies += round(weekday * (0.38 if day.weekday() >= 5 else 1) * self.rng.uniform(0.85, 1.15))
                samples.append(SampleInput("study_volume", vendor_id, at, studies))
        return samples

    def report_instant(self, month: datetime.date) -> datetime.datetime | None:
        """A monthly report's instant: the month's last second, or, this month, an hour ago."""
        start, end = month_bounds(month)
        at = min(end - datetime.timedelta(seconds=1), self.now - HOUR)
        return at if at >= max(start, self.start) else None

    def vendor_samples(self, months: list[datetime.date], uptime: dict[datetime.date, float]) -> list[SampleInput]:
        samples: list[SampleInput] = []
        vendor_id = self.vendor.pk
        this_month = months[-1]
        monthly = VENDOR_MONTHLY.get(self.vendor.name)
        claimed = VENDOR_CLAIMED_UPTIME.get(self.vendor.name)
        for month in months:
            at = self.report_instant(month)
            if at is None:
                continue
            if monthly is not None:
                prior_range, prior_now, ingest_range, ingest_now = monthly
                prior = prior_now if month == this_month else self.rng.uniform(*prior_range)
                ingest = ingest_now if month == this_month else self.rng.uniform(*ingest_range)
                samples.append(SampleInput("prior_availability", vendor_id, at, round(prior, 2)))
                samples.append(SampleInput("ingest_latency", vendor_id, at, round(ingest, 2)))
            measured = uptime.get(month)
            if measured is not None and (claimed is not None or monthly is not None):
                samples.append(SampleInput("uptime", vendor_id, at, round(max(measured, claimed or 0), 2)))
        share, most, trouble_days, trouble = FAILED_TRANSFERS.get(self.vendor.name, (0, 0, 0, (0, 0)))
        days = list(self.days(23, 58))
        for position, (_, at) in enumerate(days):
            remaining = len(days) - position
            if remaining <= trouble_days:
                failed = self.rng.randint(*trouble)
            elif remaining <= 2 or self.rng.random() >= share:
                failed = 0
            else:
                failed = self.rng.randint(1, most)
            samples.append(SampleInput("failed_transfers", vendor_id, at, failed))
        return samples

    def manual_samples(self) -> list[SampleInput]:
        if self.vendor.name not in TURNAROUND:
            return []
        usual, lately = TURNAROUND[self.vendor.name]
        samples = []
        for day, at in self.days(9, 0):
            if day.weekday() != 0:
                continue
            late = lately is not None and self.now - at < DAY * 28
            hours = self.rng.uniform(*(lately if late else usual))
            samples.append(SampleInput("report_turnaround", self.vendor.pk, at, round(hours, 2)))
        return samples


def _computed_uptime(vendor: Vendor, start: datetime.datetime) -> dict[datetime.date, float]:
    rows = KpiSample.objects.filter(
        vendor=vendor, kpi__code="uptime", source=Source.COMPUTED, measured_at__gte=start
    ).values_list("measured_at", "value")
    return {timezone.localtime(at).date().replace(day=1): float(value) for at, value in rows}


def _compute_missing(months: list[datetime.date]) -> int:
    """Computed KPIs for the months that have none yet."""
    written = 0
    for month in months:
        start, end = month_bounds(month)
        if not KpiSample.objects.filter(source=Source.COMPUTED, measured_at__gte=start, measured_at__lt=end).exists():
            written += kpis_compute(month=month)
    return written


def _ingest(demo: DemoSeeder, samples: list[SampleInput], **how: object) -> None:
    if samples:
        samples_ingest(samples=samples, **how)
        demo.created["KPI samples"] = demo.created.get("KPI samples", 0) + len(samples)


def demo_orthanc() -> DemoOrthanc | None:
    """The demo Orthanc's settings from the file named by ``DEMO_ORTHANC``, if set and readable."""
    path = os.environ.get(ORTHANC_ENV)
    if not path:
        return None
    try:
        return DemoOrthanc.read(Path(path))
    except (OSError, ValueError):
        return None


def seed_probes(demo: DemoSeeder) -> None:
    """One probe per archive component of the demo vendors, pointed at the demo Orthanc, with the
    archive's capacity for the headroom forecast. The probes do not read Orthanc's statistics
    (no REST URL): the archives' year of storage used and study counts would drop to the test
    server's few kilobytes and single study."""
    orthanc = demo_orthanc()
    if orthanc is None:
        target = {"host": LOOPBACK, "port": DEMO_DICOM_PORT, "ae_title": DEMO_AE_TITLE, "active": False}
        target["calling_ae_title"] = DEMO_CALLING_AE_TITLE
    else:
        target = {
            "host": orthanc.host,
            "port": orthanc.dicom_port,
            "ae_title": orthanc.ae_title,
            "calling_ae_title": orthanc.calling_ae_title,
            "test_study_uid": orthanc.study_uid,
            "active": True,
        }
    components = Component.objects.filter(vendor__name__in=DEMO_VENDORS, kind__in=PROBE_KINDS).select_related("vendor")
    for component in components.order_by("pk"):
        name = f"{component.name} (demo Orthanc)"
        probe = Probe.objects.filter(vendor=component.vendor, component=component, name=name).first()
        if probe is None:
            Probe.objects.create(
                vendor=component.vendor,
                component=component,
                # The DICOM interface into the archive this probe's echo and retrieval speak for,
                # so the dashboards show that interface's health.
                interface=Interface.objects.filter(target=component, protocol=Interface.Protocol.DICOM)
                .order_by("pk")
                .first(),
                name=name,
                interval_minutes=PROBE_INTERVAL_MINUTES,
                storage_capacity_gb=CAPACITY_GB.get(component.name),
                **target,
            )
            demo.count_created("probes", True)
        elif orthanc is not None:
            changed = [field for field, value in target.items() if getattr(probe, field) != value]
            for field in changed:
                setattr(probe, field, target[field])
            if changed:
                probe.save(update_fields=[*changed, "updated_at"])


def seed(demo: DemoSeeder) -> None:
    # The catalogue comes with kpis' data migration; a flushed database (a transactional test
    # before this one, or `manage.py flush`) has lost it.
    catalogue_ensure(Kpi)
    now = timezone.now()
    months = previous_months(timezone.localdate(now), MONTHS)
    start = month_bounds(months[0])[0]
    admin = User.objects.filter(username="admin").first()
    fresh = [
        vendor
        for vendor in Vendor.objects.filter(name__in=DEMO_VENDORS).order_by("name")
        if not KpiSample.objects.filter(vendor=vendor).exclude(source=Source.COMPUTED).exists()
    ]
    histories = [_History(vendor, start, now) for vendor in fresh]
    for history in histories:
        _ingest(demo, history.probe_samples(), user=None, source=Source.PROBE, reporter="DICOM probes")
        manual = history.manual_samples()
        if admin is not None:
            _ingest(demo, manual, user=admin, reporter=TURNAROUND_REPORTER)
        else:
            _ingest(demo, manual, user=None, source=Source.MANUAL, reporter=TURNAROUND_REPORTER)
    computed = _compute_missing(months)
    if computed:
        demo.created["computed KPI values"] = demo.created.get("computed KPI values", 0) + computed
    for history in histories:
        samples = history.vendor_samples(months, _computed_uptime(history.vendor, start))
        _ingest(demo, samples, user=None, source=Source.VENDOR, reporter=f"{history.vendor.name} service reports")
    seed_probes(demo)
    seed_interface_probes(demo)
