"""Vendor access log benchmark: a vendor user's last 30 days of the log (the hospital's page
filtered by user and day, its CSV, and the vendor's own API) at ``--access-log-rows`` entries
(issue 18: 10,000,000 entries, p95 < 200 ms), with query counts at a small size first.

The log is partitioned by month (``compliance.services.remote_access_log_storage``): the year's
partitions are made, then the entries generated in the database (``generate_series``): a year of
access by 500 people of 50 bench vendors; one of those people is a real vendor user (``bench-access-vendor``), whom the
queries ask for. The table is append-only (a trigger refuses UPDATE and DELETE), so the rows are
kept between runs and a later run adds only what is missing.
"""

import datetime

from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.tests.two_factor import VerifiedClient
from bench.tickets import timed
from compliance.models import AccessLogEntry
from compliance.services.remote_access_log_storage import access_log_partitions_ensure
from core.roles import Role
from vendors.models import Vendor

PREFIX = "Bench access-log vendor"
VENDORS = 50
PEOPLE = 500  # per vendor: PEOPLE / VENDORS, one of them the real vendor user


def _setup() -> tuple[list[int], User]:
    existing = Vendor.objects.filter(name__startswith=PREFIX).count()
    Vendor.objects.bulk_create(Vendor(name=f"{PREFIX} {n:02}") for n in range(existing, VENDORS))
    vendor_ids = list(Vendor.objects.filter(name__startswith=PREFIX).order_by("name").values_list("pk", flat=True))
    user, _ = User.objects.get_or_create(
        username="bench-access-vendor", defaults={"role": Role.VENDOR_USER, "vendor_id": vendor_ids[0]}
    )
    return vendor_ids, user


def generate(rows: int) -> tuple[list[int], User]:
    """``rows`` entries over the last 365 days (one bench table, kept)."""
    vendor_ids, user = _setup()
    have = AccessLogEntry.objects.filter(vendor_id__in=vendor_ids).count()
    missing = rows - have
    if missing > 0:
        access_log_partitions_ensure(timezone.now() - datetime.timedelta(days=366), timezone.now())
        # Person p of the 500 belongs to vendor p % 50; person 0 is the real user (vendor 0).
        people = [user.pk] + [10_000_000 + n for n in range(1, PEOPLE)]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO compliance_accesslogentry
                    (created_at, updated_at, at, vendor_id, user_id, actor, system, action, source_ip, detail,
                     method, path, recorded_at)
                SELECT now(), now(),
                       now() - (random() * interval '365 days'),
                       (%(vendors)s::int[])[1 + (n %% 500) %% 50],
                       (%(people)s::int[])[1 + n %% 500],
                       'engineer ' || (n %% 500), 'Enterprise Archive ' || (n %% 7),
                       (ARRAY['login', 'command', 'data_view', 'file_transfer'])[1 + n %% 4],
                       ('10.8.' || (n %% 250) || '.' || (n %% 200))::inet, 'bench', '', '', now()
                FROM generate_series(%(start)s, %(end)s) AS n
                """,
                {"vendors": vendor_ids, "people": people, "start": have, "end": rows - 1},
            )
            cursor.execute("ANALYZE compliance_accesslogentry")
    return vendor_ids, user


def _ok(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def rows(client: Client, entries: int, requests: int) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows at ``entries`` log entries."""
    from bench.run import count_queries

    _, user = generate(entries)
    since = timezone.localdate() - datetime.timedelta(days=30)
    vendor_client = VerifiedClient()
    vendor_client.force_login(user)
    total = AccessLogEntry.objects.count()
    theirs = AccessLogEntry.objects.filter(user_id=user.pk, at__gte=timezone.now() - datetime.timedelta(days=30))
    result = []
    for label, who, path, goal in (
        (
            f"access log page, one vendor user's last 30 days ({theirs.count():,} of {total:,})",
            client,
            f"/compliance/access-log/?user={user.pk}&on_or_after={since:%Y-%m-%d}",
            "p95 < 200 ms",
        ),
        (
            "the same as CSV",
            client,
            f"/compliance/access-log/?user={user.pk}&on_or_after={since:%Y-%m-%d}&export=csv",
            "-",
        ),
        (
            "vendor API, its own user's last 30 days",
            vendor_client,
            f"/api/v1/vendor-access-log/?user={user.pk}&on_or_after={since:%Y-%m-%d}",
            "p95 < 200 ms",
        ),
        ("access log page, everything, newest first", client, "/compliance/access-log/?action=", "-"),
    ):
        p50, p95 = timed(lambda who=who, path=path: _ok(who, path), requests)
        queries = count_queries(who, path)
        result.append((label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries", goal))
    return result
