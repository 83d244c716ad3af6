"""The catalogue KPI ``dr_test_compliance``: the share of backup and DR tests due in the last
twelve months that were done and passed, per vendor, computed by operations and stored by the
hourly KPI computation through the registry (``kpis.computed_sources``)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kpis.models import KpiSample, Source
from kpis.services.computations import kpis_compute
from operations.models import RecoveryTest, RecoveryTestRun
from operations.selectors.recovery import recovery_compliance
from operations.tests.factories import recovery_test_for
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db
Kind, Result = RecoveryTest.Kind, RecoveryTestRun.Result


def ran(test: RecoveryTest, *, days_ago: int, result: str) -> None:
    started = timezone.now() - datetime.timedelta(days=days_ago)
    RecoveryTestRun.objects.create(
        test=test,
        started_at=started,
        restored_at=started + datetime.timedelta(hours=1),
        rpo_achieved_minutes=5,
        result=result,
        issues="" if result == Result.SUCCESS else "Slow restore",
        rto_target_minutes=test.rto_target_minutes,
        rpo_target_minutes=test.rpo_target_minutes,
    )


@pytest.fixture
def tests(vendor):
    today = timezone.localdate()
    archive, vna, viewer = (ComponentFactory(vendor=vendor) for _ in range(3))
    passed = recovery_test_for(archive, kind=Kind.RESTORE_STUDIES)
    ran(passed, days_ago=400, result=Result.FAILURE)  # before the window: not what counts
    ran(passed, days_ago=60, result=Result.SUCCESS)
    failed = recovery_test_for(archive, kind=Kind.RESTORE_DATABASE)
    ran(failed, days_ago=90, result=Result.SUCCESS)
    ran(failed, days_ago=30, result=Result.FAILURE)
    recovery_test_for(vna, kind=Kind.FAILOVER, next_due_on=today - datetime.timedelta(days=5))  # overdue, never run
    recovery_test_for(vna, kind=Kind.RESTORE_STUDIES, next_due_on=today + datetime.timedelta(days=30))  # not due yet
    retired = recovery_test_for(viewer, active=False)
    ran(retired, days_ago=10, result=Result.FAILURE)
    return passed, failed


def test_the_share_of_tests_due_in_twelve_months_done_and_passed(vendor, tests) -> None:
    quiet = VendorFactory()
    values = recovery_compliance([vendor.pk, quiet.pk], at=timezone.now())
    assert values == {vendor.pk: Decimal("33.3")}  # one passed of three due; the quiet vendor left out


def test_the_hourly_computation_stores_it_per_vendor(vendor, tests) -> None:
    now = timezone.now()
    kpis_compute(month=timezone.localdate(now).replace(day=1), now=now)
    stored = KpiSample.objects.filter(vendor=vendor, kpi__code="dr_test_compliance", source=Source.COMPUTED)
    assert list(stored.values_list("value", flat=True)) == [Decimal("33.3")]
