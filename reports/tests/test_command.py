"""``send_monthly_reports``: a progress bar and a summary, refusals of bad input with a clear
message and a non-zero exit, and the beat entry that runs the same thing monthly in the
hospital's time zone."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from pacsvendor import celery_app
from pacsvendor.celery import _schedule_monthly_reports
from reports.management.commands.send_monthly_reports import Command
from reports.models import MonthlyReport, ReportDelivery, ReportRun
from reports.services import generation
from reports.tests.conftest import BERLIN, MONTH, MONTH_ARG, send_command

BAR = re.compile(
    r"^\[(?P<bar>[#.]{30})\] +(?P<done>\d+)% (?P<index>\d+)/(?P<total>\d+) (?P<vendor>[^:]+): (?P<note>.+)$"
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stdout: io.StringIO | None = None) -> str:
    out = stdout or io.StringIO()
    call_command("send_monthly_reports", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_shows_a_progress_bar_and_a_summary(world, make_report_world) -> None:
    make_report_world("Archivault Health")  # another vendor, not asked for

    output = run("--month", MONTH_ARG, "--vendor", str(world.vendor.pk))

    *steps, summary = [line.strip("\r ") for line in output.splitlines() if line.strip("\r ")]
    bars = [BAR.match(step) for step in steps]
    assert all(bars), steps
    assert {(b["index"], b["total"], b["vendor"]) for b in bars} == {("1", "1", "Meridian Imaging Systems")}
    done = [int(b["done"]) for b in bars]
    assert done == sorted(done)
    assert (done[0], done[-1]) == (0, 100)
    assert [b["bar"].count("#") for b in bars][-1] == 30
    notes = [b["note"] for b in bars]
    assert notes[0] == "Starting"
    assert "Drawing charts and laying out the PDF" in notes
    assert notes[-2:] == ["Queuing emails", "Done"]
    assert summary == f"{MONTH_ARG}: 1 report(s) generated, {len(world.addresses)} email(s) queued."
    assert list(MonthlyReport.objects.values_list("vendor__name", "state")) == [("Meridian Imaging Systems", "ready")]
    assert ReportDelivery.objects.count() == len(world.addresses)
    assert not ReportRun.objects.exists()  # a run for chosen vendors is not the month's run

    # Again, on a terminal: one line redrawn in place; nothing generated or sent twice.
    again = run("--month", MONTH_ARG, "--vendor", str(world.vendor.pk), stdout=Terminal())
    redraws = again.split("\n", 1)[0].split("\r")[1:]
    assert [BAR.match(r.rstrip())["note"] for r in redraws] == ["Starting", "Queuing emails", "Done"]
    assert again.split("\n")[1:] == [f"{MONTH_ARG}: 0 report(s) generated, 0 email(s) queued.", ""]
    assert MonthlyReport.objects.count() == 1
    assert ReportDelivery.objects.count() == len(world.addresses)


@pytest.mark.django_db
def test_without_a_vendor_the_command_runs_the_whole_month(world, make_report_world) -> None:
    second = make_report_world("Archivault Health")

    output = run("--month", MONTH_ARG)

    vendors = {BAR.match(line.strip("\r "))["vendor"] for line in output.splitlines()[:-2] if line.strip()}
    assert vendors == {"Archivault Health", "Meridian Imaging Systems"}
    total = len(world.addresses) + len(second.addresses)
    assert output.splitlines()[-1] == f"{MONTH_ARG}: 2 report(s) generated, {total} email(s) queued."
    run_row = ReportRun.objects.get(month=MONTH)
    assert (run_row.vendors_total, run_row.vendors_done, run_row.last_error) == (2, 2, "")
    assert run_row.finished_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["2026-13", "October", "2026-10-01", ""])
def test_a_malformed_month_is_refused(month: str) -> None:
    with pytest.raises(CommandError, match=r"argument --month: use YYYY-MM, e\.g\. 2026-10"):
        run("--month", month)
    assert not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_a_month_that_has_not_ended_is_refused(world) -> None:
    this_month = timezone.localdate().strftime("%Y-%m")
    with pytest.raises(CommandError, match=f"{this_month} has not ended yet: reports cover whole months"):
        run("--month", this_month)
    with pytest.raises(CommandError, match="2031-01 has not ended yet"):
        run("--month", "2031-01", "--vendor", str(world.vendor.pk))
    assert not MonthlyReport.objects.exists()
    assert not ReportRun.objects.exists()


@pytest.mark.django_db
def test_a_vendor_id_that_cannot_be_reported_is_refused(world, other_vendor) -> None:
    """A typo must not look like success: an unknown id, or a vendor without an SLA that month."""
    with pytest.raises(CommandError, match=rf"SLA in force in 2026-10 has the id {other_vendor.pk}, 999999\.$"):
        run(
            "--month",
            MONTH_ARG,
            "--vendor",
            str(world.vendor.pk),
            "--vendor",
            str(other_vendor.pk),
            "--vendor",
            "999999",
        )
    assert not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_bad_input_exits_non_zero_with_a_message_not_a_traceback() -> None:
    bad = send_command("--month", "2026-13", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _out, err = bad.communicate(timeout=120)
    assert bad.returncode == 2, err
    assert "error: argument --month: use YYYY-MM, e.g. 2026-10, not '2026-13'" in err
    assert "Traceback" not in err

    this_month = timezone.localdate().strftime("%Y-%m")
    early = send_command("--month", this_month, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _out, err = early.communicate(timeout=120)
    assert early.returncode == 1
    assert err.strip() == f"CommandError: {this_month} has not ended yet: reports cover whole months."


@pytest.mark.django_db
def test_a_report_that_fails_makes_the_command_exit_non_zero(world, monkeypatch, capsys) -> None:
    def broken_renderer(snapshot: dict) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(generation, "render_pdf", broken_renderer)

    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's transaction outlives the command
    with pytest.raises(SystemExit) as exit_status:
        # As manage.py runs it (without setting Django up again, which would re-point logging).
        Command().run_from_argv(["manage.py", "send_monthly_reports", "--month", MONTH_ARG])

    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert f"CommandError: {MONTH_ARG}: 0 report(s) generated, 0 email(s) queued; 1 failed, 0 busy elsewhere" in err
    report = MonthlyReport.objects.get()
    assert (report.state, report.error) == (MonthlyReport.State.FAILED, "OSError: no space left on device")
    assert not ReportDelivery.objects.exists()
    run_row = ReportRun.objects.get(month=MONTH)
    assert run_row.finished_at is None  # the recovery tries again in an hour
    assert run_row.last_error == "1 report(s) failed to generate; the recovery tries again in an hour."


# --- the monthly beat ---------------------------------------------------------------------------


@pytest.fixture
def beat_entry(settings):
    """The "reports-monthly" entry made again from the current settings; the original comes
    back after the test."""
    original = celery_app.conf.beat_schedule["reports-monthly"]

    def make() -> dict:
        _schedule_monthly_reports(celery_app)
        return celery_app.conf.beat_schedule["reports-monthly"]

    yield make
    celery_app.conf.beat_schedule["reports-monthly"] = original


def test_the_monthly_beat_runs_on_the_configured_day_and_time(settings, beat_entry) -> None:
    entry = beat_entry()
    assert entry["task"] == "reports.tasks.send_monthly_reports"
    assert (entry["args"], entry["kwargs"]) == ((), {})  # the task picks last month itself
    schedule = entry["schedule"]
    assert (schedule.day_of_month, schedule.hour, schedule.minute) == ({1}, {7}, {30})  # the defaults
    assert schedule.month_of_year == set(range(1, 13))
    assert schedule.day_of_week == set(range(7))

    settings.MONTHLY_REPORTS_DAY = 3
    settings.MONTHLY_REPORTS_TIME = "06:05"
    schedule = beat_entry()["schedule"]
    assert (schedule.day_of_month, schedule.hour, schedule.minute) == ({3}, {6}, {5})


def test_the_monthly_beat_fires_in_the_hospitals_time_zone(settings, beat_entry) -> None:
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Europe/Berlin"
    assert str(celery_app.timezone) == settings.TIME_ZONE
    settings.MONTHLY_REPORTS_DAY = 2
    settings.MONTHLY_REPORTS_TIME = "07:30"
    schedule = beat_entry()["schedule"]
    now = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=BERLIN)
    schedule.nowfun = lambda: now

    last_run = datetime.datetime(2026, 10, 2, 7, 30, tzinfo=BERLIN)
    next_run = (now.astimezone(datetime.UTC) + schedule.remaining_estimate(last_run)).astimezone(BERLIN)

    # 07:30 on the 2nd in Berlin, across the end of summer time (06:30 UTC in November).
    assert next_run == datetime.datetime(2026, 11, 2, 7, 30, tzinfo=BERLIN)
    assert next_run.astimezone(datetime.UTC).time() == datetime.time(6, 30)
    assert schedule.is_due(last_run).is_due is False
    schedule.nowfun = lambda: datetime.datetime(2026, 11, 2, 7, 29, 30, tzinfo=BERLIN)
    state = schedule.is_due(last_run)
    assert (state.is_due, state.next) == (False, 30.0)  # UTC 07:30 would be an hour later
    schedule.nowfun = lambda: datetime.datetime(2026, 11, 2, 7, 30, 1, tzinfo=BERLIN)
    assert schedule.is_due(last_run).is_due is True
