"""Writes on backup and disaster-recovery tests: scheduling a component's test (hospital admins,
``recovery.plan``) and recording each run (hospital admins and the vendor, ``recovery.record``).

Rules enforced here:

- one test per component and kind, every 1 to 36 months, with its RTO and RPO targets;
- a run has a result: success, partial or failure (a restore test without one is refused); the
  restore completes after the start and the data is verified after the restore;
- a success meets both targets: a run over its RTO or RPO target is partial or a failure, and
  those say what went wrong;
- the targets the run was held to are frozen on it; the next test falls due the interval after
  the run's start.

A refused write stores nothing."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import require
from operations.models import RecoveryTest, RecoveryTestRun

Result = RecoveryTestRun.Result


@transaction.atomic
def recovery_test_save(*, test: RecoveryTest, by: User) -> RecoveryTest:
    """Schedule a component's test or change its schedule and targets."""
    require(by, "recovery.plan")
    if test.component_id is None:
        raise ValidationError({"component": "Choose the component to test."})
    if test.pk is not None and RecoveryTest.objects.filter(pk=test.pk).exclude(component=test.component).exists():
        raise ValidationError({"component": "A test stays with its component."})
    test.vendor_id = test.component.vendor_id
    test.full_clean()
    test.save()
    return test


def _minutes(text: str) -> str:
    return f"{text} minute{'s' if text != '1' else ''}"


@transaction.atomic
def recovery_run_record(
    *,
    test: RecoveryTest,
    started_at: datetime.datetime,
    restored_at: datetime.datetime,
    rpo_achieved_minutes: int,
    result: str,
    verified_at: datetime.datetime | None = None,
    issues: str = "",
    by: User,
) -> RecoveryTestRun:
    """Record a run of ``test`` and move its next due date on from the run's start."""
    require(by, "recovery.record", test)
    test = RecoveryTest.objects.select_for_update().select_related("component").get(pk=test.pk)
    if result not in Result.values:
        raise ValidationError({"result": "Record the result: success, partial or failure."})
    if started_at > timezone.now():
        raise ValidationError({"started_at": "Record a test once it has run."})
    issues = issues.strip()
    limits.check_length("issues", issues, limits.NOTE_LENGTH)
    run = RecoveryTestRun(
        test=test,
        started_at=started_at,
        restored_at=restored_at,
        verified_at=verified_at,
        rpo_achieved_minutes=rpo_achieved_minutes,
        result=result,
        issues=issues,
        rto_target_minutes=test.rto_target_minutes,
        rpo_target_minutes=test.rpo_target_minutes,
        recorded_by=by,
    )
    run.full_clean(exclude=["recorded_by", "test"])
    if result == Result.SUCCESS and not (run.rto_met and run.rpo_met):
        missed = []
        if not run.rto_met:
            missed.append(f"RTO {_minutes(str(run.rto_achieved_minutes))} against {run.rto_target_minutes}")
        if not run.rpo_met:
            missed.append(f"RPO {_minutes(str(run.rpo_achieved_minutes))} against {run.rpo_target_minutes}")
        raise ValidationError(
            {"result": f"Over target ({'; '.join(missed)}): record a partial result or a failure, with the issues."}
        )
    if result != Result.SUCCESS and not issues:
        raise ValidationError({"issues": "Say what went wrong."})
    run.save()
    test.next_due_on = timezone.localdate(started_at) + relativedelta(months=test.every_months)
    test.save(update_fields=["next_due_on", "updated_at"])
    return run
