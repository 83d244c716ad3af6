"""Compliance benchmark: the matrix of vendors x required document types (``/compliance/``, its
CSV and the selector alone) for 500 vendors, each with a mix of documents in every state (issue
18: p95 < 200 ms). Query counts at 20 vendors and at the full size show they stay flat.

The bench vendors and their documents are kept (``Bench compliance vendor NNNN``); a later run
adds only what is missing. Files are not written: the matrix never opens them.
"""

import datetime

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from bench.tickets import timed
from compliance.models import ComplianceDocument, DocumentType, Outcome
from compliance.selectors.documents import compliance_matrix
from vendors.models import Vendor

PREFIX = "Bench compliance vendor"
KINDS = [Vendor.Kind.PACS, Vendor.Kind.VNA, Vendor.Kind.AI, Vendor.Kind.RIS, Vendor.Kind.OTHER]
# Per type, by vendor number: valid, expiring, expired, pending, rejected, or nothing (missing).
PATTERN = [(Outcome.ACCEPTED, 400), (Outcome.ACCEPTED, 40), (Outcome.ACCEPTED, -30), (Outcome.PENDING, 300)]
PATTERN += [(Outcome.REJECTED, 300), None]


def generate(vendors: int) -> None:
    """``vendors`` bench vendors (every other one hosting data), each with documents of every
    type in a rotating mix of states, and an older accepted version of every third one."""
    existing = Vendor.objects.filter(name__startswith=PREFIX).count()
    if existing >= vendors:
        return
    new = Vendor.objects.bulk_create(
        Vendor(name=f"{PREFIX} {number:04}", kind=KINDS[number % len(KINDS)], hosts_data=number % 2 == 0)
        for number in range(existing, vendors)
    )
    today = timezone.localdate()
    now = timezone.now()
    types = list(DocumentType.objects.filter(active=True))
    documents = []
    for number, vendor in enumerate(new, start=existing):
        for position, document_type in enumerate(types):
            state = PATTERN[(number + position) % len(PATTERN)]
            if state is None:
                continue
            outcome, valid_for = state
            versions = [(outcome, valid_for, "2026")]
            if number % 3 == 0:
                versions.append((Outcome.ACCEPTED, -400, "2024"))
            for version_outcome, days, version in versions:
                valid_until = today + datetime.timedelta(days=days)
                documents.append(
                    ComplianceDocument(
                        vendor=vendor,
                        document_type=document_type,
                        version=version,
                        issued_on=valid_until - datetime.timedelta(days=365),
                        valid_until=valid_until,
                        file=f"compliance/{vendor.pk}/bench.pdf",
                        size_bytes=1000,
                        outcome=version_outcome,
                        reviewed_at=None if version_outcome == Outcome.PENDING else now,
                    )
                )
    ComplianceDocument.objects.bulk_create(documents, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE vendors_vendor; ANALYZE compliance_compliancedocument")


def _ok(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def rows(client: Client, vendors: int, requests: int) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows: query counts at 20 vendors, then timings at ``vendors``."""
    from bench.run import count_queries

    generate(20)
    with transaction.atomic():
        # Only the bench vendors are active while measuring (other benchmarks' vendors are not
        # ours to change: rolled back after).
        Vendor.objects.exclude(name__startswith=PREFIX).update(active=False)
        Vendor.objects.filter(name__startswith=PREFIX).exclude(name__in=_names(20)).update(active=False)
        small = {path: count_queries(client, path) for path in ("/compliance/", "/compliance/?export=csv")}
        transaction.set_rollback(True)
    generate(vendors)
    with transaction.atomic():
        Vendor.objects.exclude(name__startswith=PREFIX).update(active=False)
        Vendor.objects.filter(name__startswith=PREFIX).exclude(name__in=_names(vendors)).update(active=False)
        result = _measure(client, requests, small)
        transaction.set_rollback(True)
    return result


def _names(count: int) -> list[str]:
    return [f"{PREFIX} {number:04}" for number in range(count)]


def _measure(client: Client, requests: int, small: dict[str, int]) -> list[tuple[str, str, str]]:
    from bench.run import count_queries

    active = Vendor.objects.filter(active=True).count()
    documents = ComplianceDocument.objects.count()
    admin = User.objects.get(username="bench-admin")
    today = timezone.localdate()
    result = []
    p50, p95 = timed(lambda: compliance_matrix(user=admin, today=today), requests)
    result.append((f"matrix selector, {active} vendors x {DocumentType.objects.count()} types", _ms(p50, p95), "-"))
    for label, path, goal in (
        (f"matrix page, {active} vendors, {documents:,} documents", "/compliance/", "p95 < 200 ms"),
        ("matrix CSV export", "/compliance/?export=csv", "-"),
    ):
        p50, p95 = timed(lambda path=path: _ok(client, path), requests)
        queries = count_queries(client, path)
        result.append((label, f"{_ms(p50, p95)}, {queries} queries (20 vendors: {small[path]})", goal))
    return result


def _ms(p50: float, p95: float) -> str:
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
