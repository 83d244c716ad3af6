"""Demo backup and disaster-recovery tests, scheduled and run through the recovery services as the
PACS administrator (the runs in date order, so each moves the next due date on):

- Meridian's archive: the study restore is overdue (its last run seven months ago, every six);
  the database restore last ran two months ago, partly: over its RTO on a slow tape library;
- Archivault's VNA: the failover to the secondary site ran three months ago within both targets;
  its study restore, every three months, has never run and is due within days.

Idempotent: nothing is added once the demo has recovery tests."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from devtools.seeding import DemoSeeder
from operations.models import RecoveryTest, RecoveryTestRun
from operations.services.recovery import recovery_run_record, recovery_test_save
from vendors.models import Component

Kind, Result = RecoveryTest.Kind, RecoveryTestRun.Result


@dataclass(frozen=True)
class Run:
    months_ago: int
    rto_minutes: int
    rpo_minutes: int
    result: str
    issues: str = ""


@dataclass(frozen=True)
class Story:
    vendor: str
    component: str
    kind: str
    every_months: int
    rto_target: int
    rpo_target: int
    description: str
    runs: tuple[Run, ...] = ()
    first_due_in_days: int = 5


STORIES = (
    Story(
        "Meridian Imaging Systems",
        "Enterprise Archive",
        Kind.RESTORE_STUDIES,
        6,
        240,
        60,
        "Restore 50 studies of last month from the backup copy to the test archive and open them in the viewer.",
        (Run(13, 200, 30, Result.SUCCESS), Run(7, 185, 25, Result.SUCCESS)),
    ),
    Story(
        "Meridian Imaging Systems",
        "Enterprise Archive",
        Kind.RESTORE_DATABASE,
        12,
        240,
        15,
        "Restore last night's database backup to the standby server and check the study index.",
        (Run(2, 310, 10, Result.PARTIAL, "The tape library read at half speed: restore over its RTO target."),),
    ),
    Story(
        "Archivault Health",
        "Vendor Neutral Archive",
        Kind.FAILOVER,
        6,
        60,
        5,
        "Fail over to the secondary data centre, run reads and writes for an hour, fail back.",
        (Run(3, 45, 2, Result.SUCCESS),),
    ),
    Story(
        "Archivault Health",
        "Vendor Neutral Archive",
        Kind.RESTORE_STUDIES,
        3,
        120,
        60,
        "Restore a sample of 20 studies from the cloud copy.",
    ),
)


def _run(test: RecoveryTest, run: Run, admin: User) -> None:
    started = (timezone.now() - relativedelta(months=run.months_ago)).replace(minute=0, second=0, microsecond=0)
    restored = started + datetime.timedelta(minutes=run.rto_minutes)
    recovery_run_record(
        test=test,
        started_at=started,
        restored_at=restored,
        verified_at=restored + datetime.timedelta(minutes=30),
        rpo_achieved_minutes=run.rpo_minutes,
        result=run.result,
        issues=run.issues,
        by=admin,
    )


def seed(demo: DemoSeeder) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None or RecoveryTest.objects.exists():
        return
    for story in STORIES:
        component = Component.objects.filter(vendor__name=story.vendor, name=story.component).first()
        if component is None:
            continue
        test = recovery_test_save(
            test=RecoveryTest(
                component=component,
                kind=story.kind,
                every_months=story.every_months,
                rto_target_minutes=story.rto_target,
                rpo_target_minutes=story.rpo_target,
                next_due_on=timezone.localdate() + datetime.timedelta(days=story.first_due_in_days),
                description=story.description,
            ),
            by=admin,
        )
        for run in story.runs:
            _run(test, run, admin)
        demo.count_created("backup and DR tests", True)
