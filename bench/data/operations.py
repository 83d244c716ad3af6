"""Benchmark data for operations: ``bench_data --lifecycles N``.

The first N bench components (``bench.data.vendors``; ``--components`` makes them) get a
lifecycle, ten years of version history (a change about every three months: 40 per component)
and eight security bulletins each, two of them still open. Rows are bulk-inserted; components
that already have a lifecycle are left as they are, so growing a data set keeps what is there.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser

from bench.data.vendors import PREFIX as BENCH_VENDOR_PREFIX
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from vendors.models import Component

BATCH = 5000
YEARS = 10
CHANGES_PER_YEAR = 4
BULLETINS = 8
OPEN_BULLETINS = 2
SEVERITIES = SecurityBulletin.Severity.values


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--lifecycles", type=int, default=0, help="Bench components given a lifecycle and history.")


def generate(options: dict[str, Any], write: Callable[[str], None]) -> None:
    wanted = options["lifecycles"]
    if not wanted:
        return
    rng = random.Random(20261207)
    today = datetime.date.today()
    components = list(
        Component.objects.filter(vendor__name__startswith=BENCH_VENDOR_PREFIX, lifecycle__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: max(wanted - _existing(), 0)]
    )
    for start in range(0, len(components), 500):
        _one_batch(components[start : start + 500], today, rng)
    write(
        f"operations: {_existing()} lifecycles, {VersionChange.objects.count()} version changes, "
        f"{SecurityBulletin.objects.count()} bulletins"
    )


def _existing() -> int:
    return ComponentLifecycle.objects.filter(component__vendor__name__startswith=BENCH_VENDOR_PREFIX).count()


def _one_batch(component_ids: list[int], today: datetime.date, rng: random.Random) -> None:
    lifecycles, changes, bulletins = [], [], []
    changes_total = YEARS * CHANGES_PER_YEAR
    for component_id in component_ids:
        installed = today - datetime.timedelta(days=YEARS * 365 + rng.randint(0, 60))
        support = today + datetime.timedelta(days=rng.randint(-400, 1500))
        final = f"{changes_total // 10}.{changes_total % 10}"
        lifecycles.append(
            ComponentLifecycle(
                component_id=component_id,
                software_version=final,
                operating_system="Red Hat Enterprise Linux 9",
                hardware_model="Bench server",
                serial_number=f"BENCH-{component_id}",
                installed_on=installed,
                warranty_ends_on=installed + datetime.timedelta(days=5 * 365 + rng.randint(0, 2000)),
                support_ends_on=support,
                end_of_life_on=support + datetime.timedelta(days=365),
                replacement_planned_on=support - datetime.timedelta(days=rng.randint(0, 200)),
            )
        )
        for n in range(changes_total):
            changes.append(
                VersionChange(
                    component_id=component_id,
                    changed_on=installed + datetime.timedelta(days=n * 91),
                    kind=VersionChange.Kind.INITIAL if n == 0 else VersionChange.Kind.UPGRADE,
                    from_version="" if n == 0 else f"{(n - 1) // 10}.{(n - 1) % 10}",
                    to_version=f"{n // 10}.{n % 10}",
                    note="Bench upgrade",
                )
            )
        for n in range(BULLETINS):
            released = today - datetime.timedelta(days=rng.randint(5, YEARS * 365))
            is_open = n < OPEN_BULLETINS
            bulletins.append(
                SecurityBulletin(
                    component_id=component_id,
                    reference=f"BENCH-SB-{component_id}-{n}",
                    title="Bench bulletin",
                    severity=rng.choice(SEVERITIES),
                    released_on=released,
                    fixed_in_version="" if is_open else "0.1",
                    applied_on=None if is_open else min(released + datetime.timedelta(days=rng.randint(0, 60)), today),
                )
            )
    ComponentLifecycle.objects.bulk_create(lifecycles, batch_size=BATCH)
    VersionChange.objects.bulk_create(changes, batch_size=BATCH)
    SecurityBulletin.objects.bulk_create(bulletins, batch_size=BATCH)
