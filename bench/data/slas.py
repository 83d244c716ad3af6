"""Benchmark data for availability: ``bench_data --incidents N``.

One vendor, ``Bench availability vendor``, with 50 components, an SLA with the template's terms
(Sunday maintenance window, credit bands) and N incidents spread over the last ten years (one to
three components each), plus a planned Sunday maintenance every month. Bulk-inserted; a second
run with the same or a smaller N adds nothing.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from slas import defaults
from slas.models import Agreement, BusinessCalendar, Incident, MaintenanceWindow
from vendors.models import Component, Contract, Vendor

VENDOR = "Bench availability vendor"
COMPONENTS = 50
YEARS = 10
BATCH = 5000


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--incidents", type=int, default=0, help="Incidents over ten years for the availability benchmark vendor."
    )


def bench_vendor() -> Vendor | None:
    return Vendor.objects.filter(name=VENDOR).first()


def _calendar(name: str, make: Callable[[], BusinessCalendar]) -> BusinessCalendar:
    return BusinessCalendar.objects.filter(name=name).first() or make()


def _vendor() -> Vendor:
    vendor, _ = Vendor.objects.get_or_create(name=VENDOR, defaults={"kind": Vendor.Kind.PACS})
    today = timezone.localdate()
    contract, _ = Contract.objects.get_or_create(
        vendor=vendor,
        reference="BENCH-AVAIL",
        defaults={
            "title": "PACS support (benchmark)",
            "start_date": today.replace(year=today.year - YEARS - 1),
            "end_date": today.replace(year=today.year + 1),
            "annual_fee": Decimal("240000"),
        },
    )
    if not Agreement.objects.filter(contract=contract).exists():
        office = _calendar("Bench office hours", lambda: defaults.office_hours_calendar(name="Bench office hours"))
        always = _calendar(
            "Bench 24x7",
            lambda: BusinessCalendar.objects.create(name="Bench 24x7", always_open=True),
        )
        window = _calendar(
            "Bench Sunday maintenance", lambda: defaults.maintenance_window_calendar(name="Bench Sunday maintenance")
        )
        defaults.template_agreement(
            contract=contract, office=office, round_the_clock=always, maintenance=window, name="Bench SLA"
        )
    missing = COMPONENTS - vendor.components.count()
    Component.objects.bulk_create(
        Component(vendor=vendor, name=f"Bench component {n:02d}", kind=Component.Kind.ARCHIVE)
        for n in range(COMPONENTS - missing, COMPONENTS)
    )
    return vendor


def generate(options: dict[str, Any], write: Callable[[str], None]) -> None:
    wanted = options["incidents"]
    if not wanted:
        return
    vendor = _vendor()
    rng = random.Random(20261127)
    components = list(vendor.components.values_list("pk", flat=True))
    existing = Incident.objects.filter(vendor=vendor).count()
    now = timezone.now()
    first = now - datetime.timedelta(days=365 * YEARS)
    span = (now - first).total_seconds()
    new = []
    for _ in range(existing, wanted):
        started = first + datetime.timedelta(seconds=rng.random() * span)
        new.append(
            Incident(
                vendor=vendor,
                title="Bench outage",
                impact=rng.choice(["down", "down", "degraded"]),
                started_at=started,
                ended_at=min(started + datetime.timedelta(minutes=rng.expovariate(1 / 40)), now),
                vendor_attributable=rng.choices(["yes", "no", "disputed"], weights=[90, 7, 3])[0],
            )
        )
    created = Incident.objects.bulk_create(new, batch_size=BATCH)
    links = Incident.components.through
    links.objects.bulk_create(
        (
            links(incident_id=incident.pk, component_id=component)
            for incident in created
            for component in rng.sample(components, rng.choice([1, 1, 2, 3]))
        ),
        batch_size=BATCH,
    )
    _monthly_maintenance(vendor, first, now)
    write(f"slas: {Incident.objects.filter(vendor=vendor).count()} incidents on {len(components)} components")


def _monthly_maintenance(vendor: Vendor, first: datetime.datetime, now: datetime.datetime) -> None:
    if MaintenanceWindow.objects.filter(vendor=vendor).exists():
        return
    windows = []
    day = timezone.localdate(first)
    while day < timezone.localdate(now) - datetime.timedelta(days=1):
        if day.weekday() == 6 and day.day <= 7:  # the first Sunday of each month, 01:00-04:00
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(1)))
            windows.append(
                MaintenanceWindow(
                    vendor=vendor,
                    title="Bench patching",
                    planned_start=start,
                    planned_end=start + datetime.timedelta(hours=3),
                    announced_at=start - datetime.timedelta(days=7),
                    state=MaintenanceWindow.State.APPROVED,
                    actual_start=start,
                    actual_end=start + datetime.timedelta(hours=3, minutes=20 if day.month == 6 else 0),
                )
            )
        day += datetime.timedelta(days=1)
    MaintenanceWindow.objects.bulk_create(windows, batch_size=BATCH)
