"""A generation or monthly run killed mid-way is taken over within 10 minutes: progress is a
heartbeat, the recovery takes over what has had none for STALLED_AFTER, and beat runs the
recovery every few minutes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pacsvendor import celery_app
from reports.models import MonthlyReport, ReportRun
from reports.services import generation
from reports.services.generation import STALLED_AFTER, report_start
from reports.services.runs import RETRY_INCOMPLETE_AFTER, monthly_reports_send, reports_recover, stalled_runs
from reports.tests.conftest import MONTH

pytestmark = pytest.mark.django_db

TAKEN_OVER_WITHIN = datetime.timedelta(minutes=10)


def test_beat_runs_the_recovery_often_enough_to_take_over_within_ten_minutes() -> None:
    schedule = celery_app.conf.beat_schedule["reports-recover"]["schedule"]
    minutes = sorted(schedule.minute)
    gaps = [later - earlier for earlier, later in zip(minutes, [*minutes[1:], minutes[0] + 60], strict=True)]
    assert schedule.hour == set(range(24))
    assert STALLED_AFTER + datetime.timedelta(minutes=max(gaps)) <= TAKEN_OVER_WITHIN


def test_a_generation_killed_at_70_percent_is_finished_once_its_progress_is_stalled(world) -> None:
    killed_at = timezone.now()
    with time_machine.travel(killed_at, tick=False):
        running = report_start(vendor=world.vendor, month=MONTH)
        generation._progress_writer(running.pk, None)(70, "Drawing charts")  # then the worker died

    with time_machine.travel(killed_at + STALLED_AFTER - datetime.timedelta(seconds=1), tick=False):
        assert reports_recover() == 0
    running.refresh_from_db()
    assert (running.state, running.progress, running.progress_note) == ("generating", 70, "Drawing charts")

    with time_machine.travel(killed_at + STALLED_AFTER + datetime.timedelta(seconds=1), tick=False):
        assert reports_recover() == 1
    running.refresh_from_db()
    assert (running.state, running.progress, running.is_current) == (MonthlyReport.State.READY, 100, True)


def test_a_run_keeps_a_heartbeat_while_it_works(world, make_report_world) -> None:
    make_report_world("Archivault Health")
    beats: list[tuple[datetime.datetime, datetime.datetime]] = []
    with time_machine.travel(timezone.now(), tick=False) as traveller:

        def progress(index: int, total: int, name: str, percent: int, note: str) -> None:
            beats.append((timezone.now(), ReportRun.objects.get(month=MONTH).updated_at))
            assert stalled_runs() == []
            traveller.shift(datetime.timedelta(minutes=2))  # slow steps, yet never stalled

        outcome = monthly_reports_send(month=MONTH, progress=progress)

    assert outcome.complete
    assert len(beats) > STALLED_AFTER / datetime.timedelta(minutes=2)
    assert all(beat == now for now, beat in beats)


def test_a_run_killed_mid_way_is_resumed_once_stalled(world, make_report_world) -> None:
    second = make_report_world("Archivault Health")
    killed_at = timezone.now()
    with time_machine.travel(killed_at, tick=False):
        ReportRun.objects.create(month=MONTH, started_at=killed_at, vendors_total=2, vendors_done=1)

    with time_machine.travel(killed_at + STALLED_AFTER - datetime.timedelta(seconds=1), tick=False):
        assert stalled_runs() == []
        assert reports_recover() == 0
    with time_machine.travel(killed_at + STALLED_AFTER + datetime.timedelta(seconds=1), tick=False):
        assert stalled_runs() == [MONTH]
        assert reports_recover() == 1

    run = ReportRun.objects.get(month=MONTH)
    assert run.finished_at is not None
    assert (run.vendors_total, run.vendors_done, run.last_error) == (2, 2, "")
    assert set(MonthlyReport.objects.filter(month=MONTH, is_current=True).values_list("vendor", flat=True)) == {
        world.vendor.pk,
        second.vendor.pk,
    }


def test_a_run_that_ended_incomplete_is_tried_again_only_after_an_hour(world) -> None:
    ended_at = timezone.now()
    with time_machine.travel(ended_at, tick=False):
        ReportRun.objects.create(
            month=MONTH, started_at=ended_at, last_error="1 report(s) failed to generate; the recovery tries again."
        )

    with time_machine.travel(ended_at + RETRY_INCOMPLETE_AFTER - datetime.timedelta(seconds=1), tick=False):
        assert stalled_runs() == []
    with time_machine.travel(ended_at + RETRY_INCOMPLETE_AFTER + datetime.timedelta(seconds=1), tick=False):
        assert stalled_runs() == [MONTH]
        assert reports_recover() == 1
    run = ReportRun.objects.get(month=MONTH)
    assert (run.finished_at is not None, run.last_error) == (True, "")
