"""Ticket history import through its job: ``python bench/run.py --only history-import``.

49,000 rows by default (the size that once hit the 60 s request timeout; ``--history-rows``
takes fewer) of one vendor under the template SLA, a mix of closed, resolved and still open
tickets over the last two years, uploaded as the page does (``history_import_start``) and run
as the worker runs it (``history_import_run``, in this process). The job's own timestamps give
the figures; the imported tickets are deleted afterwards, so runs do not pile up.
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from slas import defaults
from slas.models import Agreement, BusinessCalendar
from tickets.models import HistoryImport, Ticket
from tickets.services.history import COLUMNS
from tickets.services.history_jobs import history_import_run, history_import_start
from vendors.models import Contract, Vendor

VENDOR = "Bench history vendor"
ROWS = 49_000


def _vendor() -> Vendor:
    vendor, _ = Vendor.objects.get_or_create(name=VENDOR, defaults={"kind": Vendor.Kind.PACS})
    today = timezone.localdate()
    contract, _ = Contract.objects.get_or_create(
        vendor=vendor,
        reference="BENCH-HISTORY",
        defaults={
            "title": "PACS support (history benchmark)",
            "start_date": today.replace(year=today.year - 3),
            "end_date": today.replace(year=today.year + 1),
            "annual_fee": Decimal("240000"),
        },
    )
    if not Agreement.objects.filter(contract=contract).exists():
        office = BusinessCalendar.objects.filter(name="Bench office hours").first() or (
            defaults.office_hours_calendar(name="Bench office hours")
        )
        always = BusinessCalendar.objects.filter(name="Bench 24x7").first() or (
            BusinessCalendar.objects.create(name="Bench 24x7", always_open=True)
        )
        defaults.template_agreement(contract=contract, office=office, round_the_clock=always, name="Bench SLA")
    return vendor


def history_csv(rows: int, now: datetime.datetime) -> bytes:
    """``rows`` tickets over the last two years: 80 % closed, 15 % resolved, 5 % still open."""
    rng = random.Random(20261207)
    lines = [",".join(COLUMNS) + "\n"]
    for n in range(rows):
        opened = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 10, 60 * 24 * 730))  # all events past
        responded = opened + datetime.timedelta(minutes=rng.randrange(5, 600))
        resolved = responded + datetime.timedelta(minutes=rng.randrange(30, 60 * 24 * 5))
        closed = resolved + datetime.timedelta(hours=rng.randrange(1, 48))
        kind = n % 20
        instants = [opened, responded, resolved, closed] if kind < 16 else [opened, responded, resolved]
        if kind == 19:
            instants = [opened]
        cells = [instant.isoformat() for instant in instants] + [""] * (4 - len(instants))
        severity = ("P1", "P2", "P3", "P3", "P4")[n % 5]
        lines.append(f"{VENDOR},{severity},Imported ticket {n},Replayed from the old system,{','.join(cells)}\n")
    return "".join(lines).encode()


def rows(admin: User, count: int = ROWS) -> list[tuple[str, str, str]]:
    vendor = _vendor()
    content = history_csv(count, timezone.now())
    upload = SimpleUploadedFile("bench-history.csv", content, content_type="text/csv")
    started = time.perf_counter()
    job = history_import_start(upload=upload, by=admin)
    accepted_ms = (time.perf_counter() - started) * 1000
    history_import_run(job_id=job.pk)
    job = HistoryImport.objects.get(pk=job.pk)
    assert job.status == HistoryImport.Status.DONE, (job.status, job.failure, job.errors[:5])
    seconds = (job.finished_at - job.started_at).total_seconds()
    imported = job.imported
    Ticket.objects.filter(vendor=vendor, title__startswith="Imported ticket ").delete()
    size = f"{len(content) / 2**20:.1f} MB"
    return [
        (f"upload of {count:,} rows ({size}): job stored and queued", f"{accepted_ms:.0f} ms", "< 60,000 ms timeout"),
        (
            f"job: {count:,} rows checked, then imported in one transaction",
            f"{seconds:.1f} s, {imported / seconds:,.0f} rows/s",
            "all rows, in the background",
        ),
    ]
