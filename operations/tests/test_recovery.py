"""Backup and DR tests (operations.services.recovery): a test scheduled per component and kind,
runs recorded with their result against the targets frozen on them, a success over target
refused, the next due date moved on by the interval, and nothing stored when refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import VendorUserFactory
from operations.models import RecoveryTest, RecoveryTestRun
from operations.services import recovery as services
from operations.tests.factories import recovery_test_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
Result = RecoveryTestRun.Result
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def archive(vendor):
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def run(test, by, *, hours=3.0, rpo=30, result=Result.SUCCESS, issues="", **fields):
    started = fields.pop("started_at", timezone.now() - 10 * HOUR)
    return services.recovery_run_record(
        test=test,
        started_at=started,
        restored_at=started + datetime.timedelta(hours=hours),
        rpo_achieved_minutes=rpo,
        result=result,
        issues=issues,
        by=by,
        **fields,
    )


def test_a_test_is_scheduled_per_component_and_kind(archive, admin_user, vendor_user) -> None:
    test = services.recovery_test_save(
        test=RecoveryTest(
            component=archive,
            kind="failover",
            rto_target_minutes=60,
            rpo_target_minutes=5,
            next_due_on=timezone.localdate(),
        ),
        by=admin_user,
    )
    assert (test.vendor_id, test.every_months) == (archive.vendor_id, 6)
    with pytest.raises(ValidationError) as error:
        services.recovery_test_save(
            test=RecoveryTest(
                component=archive,
                kind="failover",
                rto_target_minutes=1,
                rpo_target_minutes=1,
                next_due_on=test.next_due_on,
            ),
            by=admin_user,
        )
    assert "has such a test already" in str(error.value)
    with pytest.raises(PermissionDenied):
        services.recovery_test_save(test=test, by=vendor_user)
    assert RecoveryTest.objects.count() == 1


def test_a_run_freezes_its_targets_and_moves_the_due_date(archive, vendor_user, time_machine) -> None:
    time_machine.move_to("2026-05-20 12:00:00+00:00", tick=False)
    test = recovery_test_for(archive, every_months=6, rto_target_minutes=240, rpo_target_minutes=60)
    started = datetime.datetime(2026, 5, 19, 20, 0, tzinfo=datetime.UTC)
    recorded = run(test, vendor_user, started_at=started, hours=2.5, rpo=15, verified_at=started + 3 * HOUR)
    RecoveryTest.objects.filter(pk=test.pk).update(rto_target_minutes=30)  # a later change of target
    recorded.refresh_from_db()
    assert (recorded.rto_achieved_minutes, recorded.rto_target_minutes, recorded.rto_met, recorded.rpo_met) == (
        150,
        240,
        True,
        True,
    )
    assert recorded.recorded_by == vendor_user
    assert RecoveryTest.objects.get(pk=test.pk).next_due_on == datetime.date(2026, 11, 19)


def test_a_success_over_target_is_refused(archive, admin_user) -> None:
    test = recovery_test_for(archive, rto_target_minutes=120, rpo_target_minutes=15)
    due = test.next_due_on
    with pytest.raises(ValidationError) as error:
        run(test, admin_user, hours=2.5, rpo=30)
    assert error.value.message_dict["result"] == [
        "Over target (RTO 150 minutes against 120; RPO 30 minutes against 15): "
        "record a partial result or a failure, with the issues."
    ]
    assert not RecoveryTestRun.objects.exists()
    assert RecoveryTest.objects.get(pk=test.pk).next_due_on == due


def test_a_partial_or_failure_says_what_went_wrong(archive, admin_user) -> None:
    test = recovery_test_for(archive)
    with pytest.raises(ValidationError) as error:
        run(test, admin_user, result=Result.PARTIAL)
    assert error.value.message_dict["issues"] == ["Say what went wrong."]
    recorded = run(test, admin_user, hours=5, result=Result.PARTIAL, issues="Tape library slow")
    assert (recorded.result, recorded.rto_met) == (Result.PARTIAL, False)


@pytest.mark.parametrize("result", ["", "done"])
def test_a_run_without_a_result_is_refused(archive, admin_user, result) -> None:
    with pytest.raises(ValidationError) as error:
        run(recovery_test_for(archive), admin_user, result=result)
    assert "Record the result" in error.value.message_dict["result"][0]
    assert not RecoveryTestRun.objects.exists()


def test_the_restore_completes_after_the_start_and_the_run_is_in_the_past(archive, admin_user) -> None:
    test = recovery_test_for(archive)
    with pytest.raises(ValidationError, match="completes after the test starts"):
        run(test, admin_user, hours=-1)
    with pytest.raises(ValidationError) as error:
        run(test, admin_user, started_at=timezone.now() + HOUR)
    assert "once it has run" in error.value.message_dict["started_at"][0]
    assert not RecoveryTestRun.objects.exists()


def test_another_vendor_cannot_record(archive, other_vendor) -> None:
    with pytest.raises(PermissionDenied):
        run(recovery_test_for(archive), VendorUserFactory(vendor=other_vendor))
    assert not RecoveryTestRun.objects.exists()
