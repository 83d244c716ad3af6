"""Benchmark data for vendors: ``bench_data --vendors N --contacts M --components K``.

Rows are bulk-inserted (no audit entries), named ``Bench vendor 0001`` and so on, and only the
missing ones are added, so growing a data set keeps what is there.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandParser

from vendors.models import Component, Contact, Contract, Vendor

PREFIX = "Bench vendor"
BATCH = 5000


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--vendors", type=int, default=0, help="Total number of benchmark vendors.")
    parser.add_argument("--contacts", type=int, default=0, help="Total contacts, spread over those vendors.")
    parser.add_argument("--components", type=int, default=0, help="Total components, spread over the vendors.")


def generate(options: dict[str, Any], write: Callable[[str], None]) -> None:
    wanted = options["vendors"]
    if not wanted:
        return
    rng = random.Random(20261127)
    existing = Vendor.objects.filter(name__startswith=PREFIX).count()
    Vendor.objects.bulk_create(
        [Vendor(name=f"{PREFIX} {n:05d}", kind=rng.choice(Vendor.Kind.values)) for n in range(existing, wanted)],
        batch_size=BATCH,
    )
    vendor_ids = list(Vendor.objects.filter(name__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
    _contacts(vendor_ids, options["contacts"], rng)
    _components(vendor_ids, options["components"], rng)
    _contracts(vendor_ids)
    write(
        f"vendors: {len(vendor_ids)} bench vendors, "
        f"{Contact.objects.filter(vendor_id__in=vendor_ids).count()} contacts, "
        f"{Component.objects.filter(vendor_id__in=vendor_ids).count()} components"
    )


def _contacts(vendor_ids: list[int], wanted: int, rng: random.Random) -> None:
    existing = Contact.objects.filter(vendor_id__in=vendor_ids).count()
    roles = Contact.Role.values
    rows = [
        Contact(
            vendor_id=vendor_ids[n % len(vendor_ids)],
            name=f"Bench contact {n:06d}",
            role=rng.choice(roles),
            escalation_level=rng.randint(1, 4),
            email=f"contact{n}@bench.example",
            phone=f"+49 30 {n:07d}",
        )
        for n in range(existing, wanted)
    ]
    Contact.objects.bulk_create(rows, batch_size=BATCH)


def _components(vendor_ids: list[int], wanted: int, rng: random.Random) -> None:
    existing = Component.objects.filter(vendor_id__in=vendor_ids).count()
    rows = [
        Component(
            vendor_id=vendor_ids[n % len(vendor_ids)],
            name=f"Bench component {n:06d}",
            kind=rng.choice(Component.Kind.values),
            site=f"Site {n % 7}",
        )
        for n in range(existing, wanted)
    ]
    Component.objects.bulk_create(rows, batch_size=BATCH)


def _contracts(vendor_ids: list[int]) -> None:
    """One running contract per bench vendor, so list annotations have rows to count."""
    covered = set(Contract.objects.filter(vendor_id__in=vendor_ids).values_list("vendor_id", flat=True))
    today = datetime.date.today()
    rows = [
        Contract(
            vendor_id=vendor_id,
            reference=f"BENCH-{vendor_id}",
            start_date=today - datetime.timedelta(days=365),
            end_date=today + datetime.timedelta(days=730),
            annual_fee=Decimal("50000.00"),
        )
        for vendor_id in vendor_ids
        if vendor_id not in covered
    ]
    Contract.objects.bulk_create(rows, batch_size=BATCH)
