"""The staff directory's HR import: ``python bench/run.py --only staff-import``.

5,000 people by default (the issue's size; ``--staff-rows`` takes another), imported as the
import page's confirmation does (``staff_import_csv``): first into an empty directory (every
line a new person), then the same people again with a third of them changed (moved department,
renamed, left), which is the monthly HR sync. The people are deleted afterwards.
"""

import random
import time

from accounts.models import Profession, StaffMember
from accounts.staff_import import COLUMNS, staff_import_csv

ROWS = 5_000
PREFIX = "BENCH-"
DEPARTMENTS = ("Radiology", "CT", "MRI", "Emergency", "Oncology", "Cardiology", "IT", "Administration")
SITES = ("Main campus", "North clinic", "South clinic")


def hr_csv(rows: int, *, changed_share: float = 0.0) -> bytes:
    rng = random.Random(20261207)
    professions = Profession.values
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        changed = rng.random() < changed_share
        department = DEPARTMENTS[(n + (1 if changed else 0)) % len(DEPARTMENTS)]
        name = f"Person {n}" + (" (renamed)" if changed and n % 2 else "")
        active = "no" if changed and n % 5 == 0 else "yes"
        start = f"{2000 + n % 26}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        email = f"person{n}@bench.hospital.example"
        lines.append(
            f"{PREFIX}{n},{name},{email},{professions[n % len(professions)]},{department},"
            f"{SITES[n % len(SITES)]},{start},{active}"
        )
    return ("\n".join(lines) + "\n").encode()


def _timed(content: bytes) -> tuple[float, int, int]:
    started = time.perf_counter()
    plan = staff_import_csv(content=content)
    seconds = time.perf_counter() - started
    assert plan.ok, plan.report.errors[:5]
    return seconds, len(plan.creates), len(plan.updates)


def rows(count: int = ROWS) -> list[tuple[str, str, str]]:
    StaffMember.objects.filter(staff_number__startswith=PREFIX).delete()
    first = hr_csv(count)
    second = hr_csv(count, changed_share=1 / 3)
    try:
        new_seconds, created, _ = _timed(first)
        sync_seconds, _, updated = _timed(second)
    finally:
        StaffMember.objects.filter(staff_number__startswith=PREFIX).delete()
    size = f"{len(first) / 2**10:,.0f} KB"
    return [
        (f"{count:,} new people ({size}): checked, then imported", f"{new_seconds:.2f} s ({created:,} added)", "< 5 s"),
        (
            f"the same {count:,} again, a third changed: matched, checked, updated",
            f"{sync_seconds:.2f} s ({updated:,} updated)",
            "< 5 s",
        ),
    ]
