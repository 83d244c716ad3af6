"""The vendor access log in monthly partitions: made ahead by the nightly run, an entry of a
month without one waiting in the default partition and moving in, months past the retention
dropped whole, append-only on every partition, and the migration that moves every entry in."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from compliance.models import AccessLogEntry
from compliance.services.remote_access_log_storage import (
    ACCESS_LOG,
    access_log_kept_since,
    access_log_maintain,
    access_log_partitions,
    access_log_partitions_ensure,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2027, 6, 15, 10, 0, tzinfo=UTC)
TABLE = "compliance_accesslogentry"


def entry(vendor, at: datetime.datetime, actor: str = "jrichter") -> AccessLogEntry:
    return AccessLogEntry.objects.create(at=at, vendor=vendor, actor=actor, system="Archive", action="login")


def partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_default_retention_is_24_whole_months_in_the_hospitals_zone(settings) -> None:
    assert settings.ACCESS_LOG_RETENTION_MONTHS == 24
    # June 2027 and the 24 whole months before it: from 1 June 2025, midnight in Berlin.
    assert access_log_kept_since(NOW) == datetime.datetime(2025, 5, 31, 22, 0, tzinfo=UTC)


def test_an_entry_of_a_month_without_partition_waits_in_the_default_and_moves_in(vendor) -> None:
    far = datetime.datetime(2031, 2, 10, 8, 0, tzinfo=UTC)
    stray, other = entry(vendor, far), entry(vendor, datetime.datetime(2032, 7, 1, tzinfo=UTC), actor="later")
    assert partition_of(stray.pk) == ACCESS_LOG.default

    assert access_log_partitions_ensure(far, far) == [f"{TABLE}_p2031_02"]

    assert partition_of(stray.pk) == f"{TABLE}_p2031_02"
    assert partition_of(other.pk) == ACCESS_LOG.default
    assert list(AccessLogEntry.objects.order_by("at").values_list("pk", "actor", "at")) == [
        (stray.pk, "jrichter", far),
        (other.pk, "later", datetime.datetime(2032, 7, 1, tzinfo=UTC)),
    ]


def test_every_partition_refuses_changes_the_new_ones_and_the_default_too(vendor) -> None:
    far = datetime.datetime(2031, 2, 10, 8, 0, tzinfo=UTC)
    access_log_partitions_ensure(far, far)
    entry(vendor, far)
    entry(vendor, datetime.datetime(2040, 1, 1, tzinfo=UTC))  # the default partition
    for sql in (
        f"UPDATE {TABLE}_p2031_02 SET actor = 'someone else'",  # noqa: S608
        f"DELETE FROM {TABLE}_p2031_02",  # noqa: S608
        f"UPDATE {ACCESS_LOG.default} SET actor = 'someone else'",  # noqa: S608
        f"DELETE FROM {TABLE} WHERE at > '2039-01-01'",  # noqa: S608
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert sorted(AccessLogEntry.objects.values_list("actor", flat=True)) == ["jrichter", "jrichter"]


def test_the_nightly_run_drops_months_past_the_retention_whole(vendor) -> None:
    old = datetime.datetime(2025, 3, 10, 12, tzinfo=UTC)
    first_kept = datetime.datetime(2025, 6, 2, 12, tzinfo=UTC)
    access_log_partitions_ensure(old, first_kept)
    gone, kept = entry(vendor, old), entry(vendor, first_kept)
    stray_old = entry(vendor, datetime.datetime(2001, 1, 1, tzinfo=UTC))  # in the default partition

    result = access_log_maintain(NOW)

    # Cut 1 June 2025 (Berlin), 31 May 22:00 UTC: every month up to April 2025 goes, May stays
    # (it holds the cut's last two hours).
    assert f"{TABLE}_p2025_03" in result.dropped
    assert f"{TABLE}_p2025_04" in result.dropped
    assert f"{TABLE}_p2025_05" not in result.dropped
    assert {partition.month for partition in access_log_partitions()} >= {
        datetime.date(2025, 5, 1),
        datetime.date(2027, 6, 1),
        datetime.date(2027, 9, 1),  # three months ahead
    }
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert kept.pk in remaining
    assert gone.pk not in remaining
    assert stray_old.pk not in remaining

    again = access_log_maintain(NOW)  # a second run finds nothing to do
    assert (again.created, again.dropped) == ([], [])


def test_the_command_reports_what_it_did() -> None:
    out = StringIO()
    call_command("access_log_maintain", stdout=out)
    assert "dropped; entries kept since" in out.getvalue()
    assert "(24 months)" in out.getvalue()


def test_the_migration_moves_every_entry_into_the_partitions_and_back(vendor) -> None:
    before, partitioned = ("compliance", "0007_request_log"), ("compliance", "0008_access_log_partitions")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        instants = [datetime.datetime(2019, 3, 4, 5, tzinfo=UTC), datetime.datetime.now(UTC)]
        with connection.cursor() as cursor:
            for n, at in enumerate(instants):
                cursor.execute(
                    f"INSERT INTO {TABLE} (created_at, updated_at, recorded_at, at, vendor_id, actor, system, action,"  # noqa: S608
                    " detail, method, path) VALUES (now(), now(), now(), %s, %s, %s, 'Archive', 'login', '', '', '')",
                    [at, vendor.pk, f"row {n}"],
                )
            cursor.execute(f"SELECT id, at, actor FROM {TABLE} ORDER BY id")  # noqa: S608
            rows_before = cursor.fetchall()

        executor = MigrationExecutor(connection)
        executor.migrate([partitioned])
        with connection.cursor() as cursor:
            cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
            assert cursor.fetchone()[0] == "p"
            cursor.execute(f"SELECT id, at, actor FROM {TABLE} ORDER BY id")  # noqa: S608
            assert cursor.fetchall() == rows_before
            cursor.execute(f"SELECT tableoid::regclass::text FROM {TABLE} ORDER BY id")  # noqa: S608
            assert [row[0] for row in cursor.fetchall()] == [f"{TABLE}_p2019_03", f"{TABLE}_p{instants[1]:%Y_%m}"]
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}_p2019_03")  # noqa: S608
        new = entry(vendor, datetime.datetime.now(UTC), actor="new")  # the ids go on
        assert new.pk > rows_before[-1][0]

        executor = MigrationExecutor(connection)
        executor.migrate([before])  # and back, every entry kept, still append-only
        with connection.cursor() as cursor:
            cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [TABLE])
            assert cursor.fetchone()[0] == "r"
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            assert cursor.fetchone()[0] == 3
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
