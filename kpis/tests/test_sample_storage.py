"""Raw samples in monthly partitions: made ahead and on demand, moved out of the default
partition, dropped whole past the retention with the roll-ups kept, and the migration that moves
an installation's samples in without losing one."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from kpis.models import Kpi, KpiRollup, KpiSample, Source
from kpis.services.sample_storage import (
    DEFAULT_PARTITION,
    partition_for,
    raw_samples_kept_since,
    sample_partitions,
    sample_partitions_ensure,
    sample_partitions_maintain,
)
from kpis.services.samples import SampleInput, SamplesInvalid, samples_ingest
from vendors.models import Vendor

UTC = datetime.UTC
# A fixed "now" for the tests that need one: the cut and the partitions follow from it.
NOW = datetime.datetime(2027, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _production_retention(settings) -> None:
    settings.KPI_SAMPLE_RETENTION_MONTHS = 13


def partition_of_row(sample_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM kpis_kpisample WHERE id = %s", [sample_id])
        return cursor.fetchone()[0]


def months(names: list[str]) -> list[str]:
    return [name.removeprefix("kpis_kpisample_p") for name in names]


@pytest.mark.django_db
def test_the_retention_cut_keeps_whole_months_in_the_hospitals_zone() -> None:
    kept_since = raw_samples_kept_since(NOW)
    # June 2027 and the 13 whole months before it: from 1 May 2026, midnight in Berlin.
    assert kept_since == datetime.datetime(2026, 4, 30, 22, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_ingest_makes_the_partition_of_a_month_that_has_none(admin_user, vendor: Vendor) -> None:
    with time_machine.travel(NOW, tick=False):
        far = NOW + datetime.timedelta(days=400)  # no partition that far ahead yet
        assert partition_for(far.date().replace(day=1)) not in sample_partitions()
        with time_machine.travel(far, tick=False):
            samples_ingest(samples=[SampleInput("uptime", vendor.pk, far, "99.95")], user=admin_user)
    sample = KpiSample.objects.get(vendor=vendor)
    assert partition_of_row(sample.pk) == f"kpis_kpisample_p{far:%Y_%m}"
    # Asking again creates nothing and costs one catalogue query.
    assert sample_partitions_ensure(far, far) == []


@pytest.mark.django_db
def test_rows_written_around_the_ingest_wait_in_the_default_partition_and_move_in(vendor: Vendor) -> None:
    far = datetime.datetime(2031, 2, 10, 8, 0, tzinfo=UTC)
    stray = KpiSample.objects.create(
        kpi=Kpi.objects.get(code="uptime"), vendor=vendor, measured_at=far, value=Decimal("99"), source=Source.MANUAL
    )
    assert partition_of_row(stray.pk) == DEFAULT_PARTITION

    assert sample_partitions_ensure(far, far) == ["kpis_kpisample_p2031_02"]

    assert partition_of_row(stray.pk) == "kpis_kpisample_p2031_02"
    assert KpiSample.objects.get(pk=stray.pk).value == Decimal("99")


@pytest.mark.django_db
def test_the_nightly_run_drops_expired_months_whole_and_keeps_their_rollups(admin_user, vendor: Vendor) -> None:
    old, kept = datetime.datetime(2026, 2, 10, 12, tzinfo=UTC), datetime.datetime(2026, 5, 20, 12, tzinfo=UTC)
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=UTC), tick=False):
        samples_ingest(
            samples=[SampleInput("uptime", vendor.pk, old, "99.5"), SampleInput("uptime", vendor.pk, kept, "99.9")],
            user=admin_user,
        )
    february = KpiRollup.objects.get(
        kpi__code="uptime", vendor=vendor, period="month", period_start=datetime.date(2026, 2, 1)
    )

    with time_machine.travel(NOW, tick=False):
        result = sample_partitions_maintain()

    # Cut 1 May 2026 (Berlin) less a week: every month up to March 2026 goes; April stays.
    assert "kpis_kpisample_p2026_02" in result.dropped
    assert "kpis_kpisample_p2026_03" in result.dropped
    assert "kpis_kpisample_p2026_04" not in result.dropped
    assert {partition.month for partition in sample_partitions()} >= {
        datetime.date(2026, 4, 1),
        datetime.date(2027, 6, 1),
        datetime.date(2027, 9, 1),  # three months ahead
    }
    assert list(KpiSample.objects.filter(vendor=vendor).values_list("measured_at", flat=True)) == [kept]
    february.refresh_from_db()  # the roll-up outlives its raw samples, unchanged
    assert (february.value, february.samples) == (Decimal("99.5000"), 1)

    with time_machine.travel(NOW, tick=False):  # a second run finds nothing to do
        again = sample_partitions_maintain()
    assert (again.created, again.dropped) == ([], [])


@pytest.mark.django_db
def test_samples_older_than_the_retention_are_refused_with_the_reason(admin_user, vendor: Vendor) -> None:
    with time_machine.travel(NOW, tick=False), pytest.raises(SamplesInvalid) as refused:
        samples_ingest(
            samples=[
                SampleInput("uptime", vendor.pk, datetime.datetime(2026, 5, 1, 9, tzinfo=UTC), "99.9"),
                SampleInput("uptime", vendor.pk, datetime.datetime(2026, 4, 30, 21, tzinfo=UTC), "99.9"),
            ],
            user=admin_user,
        )
    assert refused.value.rows == {
        1: ["measured_at is before 1 May 2026: raw samples are kept for 13 months (KPI_SAMPLE_RETENTION_MONTHS)."]
    }
    assert not KpiSample.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_400_for_a_sample_past_the_retention(admin_api: APIClient, vendor: Vendor) -> None:
    too_old = raw_samples_kept_since() - datetime.timedelta(hours=1)
    response = admin_api.post(
        "/api/v1/kpi-samples/",
        [{"kpi": "uptime", "vendor": vendor.pk, "measured_at": too_old.isoformat(), "value": "99.9"}],
        format="json",
    )
    assert response.status_code == 400
    assert "raw samples are kept for" in str(response.json())
    assert not KpiSample.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_what_it_did() -> None:
    out = StringIO()
    call_command("maintain_sample_partitions", stdout=out)
    assert "raw samples kept since" in out.getvalue()
    assert "monthly partitions" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_sample_into_the_partitions_and_back() -> None:
    before, partitioned = ("kpis", "0008_limits"), ("kpis", "0009_sample_partitions")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps
        # Only the kpis app went back: the other apps' tables are as they are now.
        vendor = Vendor.objects.create(name="Installed before partitions")
        kpi = Kpi.objects.get(code="uptime")
        instants = [datetime.datetime(2019, 3, 4, 5, tzinfo=UTC), datetime.datetime.now(UTC)]
        old.get_model("kpis", "KpiSample").objects.bulk_create(
            old.get_model("kpis", "KpiSample")(
                kpi_id=kpi.pk,
                vendor_id=vendor.pk,
                measured_at=at,
                value=Decimal(n),
                source="manual",
                reporter=f"row {n}",
            )
            for n, at in enumerate(instants)
        )
        rows_before = list(
            old.get_model("kpis", "KpiSample").objects.order_by("id").values_list("id", "measured_at", "reporter")
        )

        executor = MigrationExecutor(connection)
        executor.migrate([partitioned])
        with connection.cursor() as cursor:
            cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'kpis_kpisample'")
            assert cursor.fetchone()[0] == "p"  # partitioned
            cursor.execute("SELECT id, measured_at, reporter FROM kpis_kpisample ORDER BY id")
            assert cursor.fetchall() == rows_before
            cursor.execute("SELECT tableoid::regclass::text FROM kpis_kpisample ORDER BY id")
            assert [row[0] for row in cursor.fetchall()] == [
                "kpis_kpisample_p2019_03",
                f"kpis_kpisample_p{instants[1]:%Y_%m}",
            ]
            # New rows continue the ids.
            cursor.execute(
                "INSERT INTO kpis_kpisample (created_at, updated_at, kpi_id, vendor_id, measured_at, value, source, "
                "reporter) VALUES (now(), now(), %s, %s, now(), 1, 'manual', 'new') RETURNING id",
                [kpi.pk, vendor.pk],
            )
            assert cursor.fetchone()[0] > rows_before[-1][0]

        executor = MigrationExecutor(connection)
        executor.migrate([before])  # and back, every row kept
        with connection.cursor() as cursor:
            cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'kpis_kpisample'")
            assert cursor.fetchone()[0] == "r"
            cursor.execute("SELECT count(*) FROM kpis_kpisample")
            assert cursor.fetchone()[0] == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_sample_pages_say_from_when_raw_samples_are_kept(admin_client) -> None:
    first = timezone.localtime(raw_samples_kept_since())
    day = f"{first.day} {first:%b %Y}"
    listing = admin_client.get("/kpis/samples/").content.decode()
    upload = admin_client.get("/kpis/samples/import/").content.decode()
    assert f"Raw samples are kept from {day} (13 months before this one)" in listing
    assert f"not before {day} (raw samples are kept for 13 months)" in upload
