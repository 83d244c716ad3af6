"""Exactly once per vendor and month: a double trigger, two runs at the same moment, two real
Celery workers, a process killed in the middle of a report, and an SMTP server that is down
never produce a second report or a second email, nor lose one.

Mail goes to a real SMTP server on loopback (aiosmtpd); the crash and worker cases run real
processes against the test database."""

import datetime
import hashlib
import os
import select
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from notifications.models import Notification, OutboxEmail
from notifications.services.outbox import outbox_deliver, outbox_retry
from notifications.tasks import outbox_flush
from notifications.tests.support import SmtpSink, wait_for
from reports.models import MonthlyReport, ReportDelivery, ReportDocument, ReportRun
from reports.selectors import report_list, report_status
from reports.services import generation, runs
from reports.services.delivery import deliveries_schedule
from reports.services.generation import STALLED_AFTER, report_build, report_generate, report_start
from reports.services.runs import monthly_reports_send, reports_recover
from reports.tasks import send_monthly_reports
from reports.tests.conftest import MONTH, MONTH_ARG, ReportWorld, send_command


def report_emails() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(subject__contains="performance report"))


def assert_once(worlds: list[ReportWorld]) -> None:
    """One generated, current version per vendor, one scheduled delivery and one outbox email
    per address, nothing else."""
    for world in worlds:
        [report] = MonthlyReport.objects.filter(vendor=world.vendor, month=MONTH)
        assert (report.version, report.state, report.is_current) == (1, MonthlyReport.State.READY, True), report.error
        deliveries = ReportDelivery.objects.filter(vendor=world.vendor, month=MONTH)
        assert sorted(d.email for d in deliveries) == world.addresses
        assert {(d.report_id, d.kind) for d in deliveries} == {(report.pk, ReportDelivery.Kind.SCHEDULED)}
    expected = sorted(a for world in worlds for a in world.addresses)
    assert sorted(e.to[0] for e in report_emails()) == expected
    assert set(ReportDelivery.objects.values_list("outbox_email_id", flat=True)) == {e.pk for e in report_emails()}


def assert_received_once(smtp: SmtpSink, worlds: list[ReportWorld]) -> None:
    """Each address got exactly one email, with the PDF of its vendor's report attached."""
    received = Counter(r for mail in smtp.inbox for r in mail.rcpt_tos)
    assert received == Counter(a for world in worlds for a in world.addresses)
    for world in worlds:
        report = MonthlyReport.objects.get(vendor=world.vendor, month=MONTH)
        for mail in (m for m in smtp.inbox if m.rcpt_tos[0] in world.addresses):
            [(filename, _, content)] = mail.attachments()
            assert filename == report.filename
            assert hashlib.sha256(content).hexdigest() == report.pdf_sha256


# --- a double trigger, in process -------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_month_twice_generates_and_sends_once(world, make_report_world, other_vendor, smtp_server) -> None:
    second = make_report_world("Archivault Health")
    # other_vendor has no contract: no SLA, no report.

    first_run = monthly_reports_send(month=MONTH)
    again = monthly_reports_send(month=MONTH)

    assert len(first_run.generated) == 2
    assert first_run.complete
    assert first_run.delivered == len(world.addresses) + len(second.addresses)
    assert (again.generated, again.delivered, again.complete) == ([], 0, True)
    assert not MonthlyReport.objects.filter(vendor=other_vendor).exists()
    assert_once([world, second])
    run = ReportRun.objects.get(month=MONTH)
    assert run.finished_at is not None
    assert (run.vendors_total, run.vendors_done, run.last_error) == (2, 2, "")

    assert outbox_flush() == len(report_emails())
    assert outbox_flush() == 0
    assert_received_once(smtp_server, [world, second])


@pytest.mark.django_db
def test_a_run_that_looked_just_before_another_worker_finished_does_not_generate_again(world, monkeypatch) -> None:
    """The interleaving that a lucky double beat hits: this run sees no current version, then
    the other worker stores its report, then this run starts one."""
    other_workers_report = []
    real_start = runs.report_start

    def start_just_after_the_other_worker_finished(**kwargs: object) -> MonthlyReport:
        if not other_workers_report:
            other_workers_report.append(report_generate(vendor=world.vendor, month=MONTH))
        return real_start(**kwargs)

    monkeypatch.setattr(runs, "report_start", start_just_after_the_other_worker_finished)
    outcome = monthly_reports_send(month=MONTH)

    assert outcome.complete
    assert list(MonthlyReport.objects.filter(vendor=world.vendor)) == other_workers_report
    assert_once([world])


@pytest.mark.django_db
def test_the_database_refuses_a_second_scheduled_delivery_to_an_address(world) -> None:
    """The constraint behind the service, whatever writes the rows (even for another version)."""
    first = report_start(vendor=world.vendor, month=MONTH)
    MonthlyReport.objects.filter(pk=first.pk).update(state=MonthlyReport.State.FAILED)
    second = report_start(vendor=world.vendor, month=MONTH)
    fields = {"vendor": world.vendor, "month": MONTH, "email": world.admin.email}
    ReportDelivery.objects.create(report=first, kind=ReportDelivery.Kind.SCHEDULED, **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportDelivery.objects.create(report=second, kind=ReportDelivery.Kind.SCHEDULED, **fields)
    ReportDelivery.objects.create(report=second, kind=ReportDelivery.Kind.RESEND, **fields)  # not the schedule's
    other_month = {**fields, "month": datetime.date(2026, 9, 1)}
    ReportDelivery.objects.create(report=second, kind=ReportDelivery.Kind.SCHEDULED, **other_month)


# --- two runs at the same moment, each with its own connection ----------------------------------


def in_threads(*targets: Callable[[], object]) -> list[object]:
    """Run each target in its own thread (its own database connection), all released at once;
    return their results, re-raising the first error."""
    barrier = threading.Barrier(len(targets))
    results: list[object] = [None] * len(targets)

    def run(index: int, target: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = target()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
        assert not thread.is_alive(), "a run did not finish"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_generate_and_send_once(world, make_report_world, smtp_server, broker) -> None:
    second = make_report_world("Archivault Health")

    outcomes = in_threads(lambda: monthly_reports_send(month=MONTH), lambda: monthly_reports_send(month=MONTH))

    reports = MonthlyReport.objects.filter(month=MONTH)
    assert set().union(*(o.generated for o in outcomes)) == set(reports.values_list("pk", flat=True))
    assert sum(o.delivered for o in outcomes) == len(world.addresses) + len(second.addresses)
    assert not any(o.failed for o in outcomes)
    assert_once([world, second])
    # Whatever the other run left to the recovery, running it again finishes the month.
    monthly_reports_send(month=MONTH)
    assert ReportRun.objects.get(month=MONTH).finished_at is not None
    assert_once([world, second])
    outbox_flush()
    assert_received_once(smtp_server, [world, second])


@pytest.mark.django_db(transaction=True)
def test_two_schedulings_of_one_report_at_the_same_moment_send_once(world, broker) -> None:
    report = report_generate(vendor=world.vendor, month=MONTH)

    results = in_threads(*[lambda: deliveries_schedule(report=report)] * 3)

    assert sorted(d.email for batch in results for d in batch) == world.addresses
    assert_once([world])


@pytest.mark.django_db(transaction=True)
def test_the_recovery_leaves_a_generation_alone_while_its_worker_holds_it(world, broker) -> None:
    running = report_start(vendor=world.vendor, month=MONTH)
    later = timezone.now() + STALLED_AFTER + datetime.timedelta(minutes=1)
    holding, release = threading.Event(), threading.Event()

    def slow_worker() -> None:  # a live worker: it holds the row's lock, its progress is old
        with generation._build_lock(running.pk) as acquired:
            assert acquired
            holding.set()
            release.wait(timeout=60)

    worker = threading.Thread(target=lambda: (slow_worker(), connection.close()))
    worker.start()
    try:
        assert holding.wait(timeout=30)
        assert running.pk in generation.stalled_generations(now=later)
        assert reports_recover(now=later) == 0
        assert report_build(report_id=running.pk) is None
        running.refresh_from_db()
        assert running.state == MonthlyReport.State.GENERATING
    finally:
        release.set()
        worker.join(timeout=30)
    # The worker is gone and the row is not finished: now the recovery takes it over.
    assert reports_recover(now=later) == 1
    running.refresh_from_db()
    assert (running.state, running.is_current, running.version) == (MonthlyReport.State.READY, True, 1)


# --- two real Celery workers ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_receiving_the_monthly_task_send_each_address_one_email(
    world, make_report_world, celery_worker, smtp_server, broker
) -> None:
    second = make_report_world("Archivault Health")
    workers = [celery_worker(smtp_server.port), celery_worker(smtp_server.port)]

    # A double beat: the task is published twice; each worker takes one (prefetch 1, late ack).
    results = [send_monthly_reports.apply_async((MONTH_ARG,), ignore_result=False) for _ in range(2)]
    outcomes = [result.get(timeout=180) for result in results]

    logs = [worker.log() for worker in workers]
    for result in results:
        assert sum(f"send_monthly_reports[{result.id}] received" in log for log in logs) == 1
    assert all("send_monthly_reports" in log for log in logs), "\n\n".join(logs)
    assert sum(o["failed"] for o in outcomes) == 0
    addresses = len(world.addresses) + len(second.addresses)
    wait_for(
        lambda: OutboxEmail.objects.filter(state=OutboxEmail.State.SENT).count() == addresses,
        timeout=60,
        what="the workers to send every email\n" + "\n\n".join(w.log() for w in workers),
    )
    # Anything still on its way would go out now; nothing does.
    assert send_monthly_reports.apply_async((MONTH_ARG,), ignore_result=False).get(timeout=120)["generated"] == 0
    assert outbox_flush.apply_async(ignore_result=False).get(timeout=60) == 0
    assert_once([world, second])
    assert_received_once(smtp_server, [world, second])


# --- a process killed in the middle of a report ------------------------------------------------


def read_until(process: subprocess.Popen, needle: str, timeout: float = 120) -> list[str]:
    """The lines ``process`` prints, up to the first holding ``needle``."""
    fd, pending, lines = process.stdout.fileno(), b"", []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            lines.append(raw.decode(errors="replace").strip("\r "))
            if needle in lines[-1]:
                return lines
    pytest.fail(f"the command never printed {needle!r}; it printed:\n" + "\n".join(lines))


def advisory_locks() -> int:
    with connection.cursor() as cursor:
        # This database's only: pg_locks spans the cluster, which other test sessions may share.
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("resume", ["recovery", "command again"])
@pytest.mark.django_db(transaction=True)
def test_a_run_killed_while_drawing_the_pdf_is_finished_once(world, smtp_server, broker, resume: str) -> None:
    process = send_command("--month", MONTH_ARG, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        lines = read_until(process, "Drawing charts")
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stdout.close()
    assert any("Collecting" in line for line in lines)  # it did get going

    # What the dead process left: a row half-way, nothing stored, nothing sent, the run open.
    [report] = MonthlyReport.objects.filter(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.GENERATING
    assert report.progress_note == "Drawing charts and laying out the PDF"
    assert not ReportDocument.objects.exists()
    assert not ReportDelivery.objects.exists()
    assert ReportRun.objects.get(month=MONTH).finished_at is None
    # Its lock on the row went with its database session.
    wait_for(lambda: advisory_locks() == 0, timeout=30, what="the dead process's session to end")

    if resume == "recovery":
        # Measured from what the dead process stamped: its clock (moved by libfaketime when the
        # session's clock is) may run a second apart from this process's.
        last_sign_of_life = max(report.progress_at, ReportRun.objects.get(month=MONTH).updated_at)
        assert generation.stalled_generations(now=last_sign_of_life) == []  # not stalled yet
        assert reports_recover(now=last_sign_of_life + STALLED_AFTER + datetime.timedelta(seconds=1)) == 2
    else:
        again = send_command("--month", MONTH_ARG, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = again.communicate(timeout=180)
        assert again.returncode == 0, err
        assert f"{MONTH_ARG}: 1 report(s) generated, {len(world.addresses)} email(s) queued." in out

    report.refresh_from_db()  # the same row, finished: not a second version
    assert (report.version, report.state, report.is_current) == (1, MonthlyReport.State.READY, True)
    assert ReportRun.objects.get(month=MONTH).finished_at is not None
    assert_once([world])
    outbox_flush()
    assert_received_once(smtp_server, [world])
    assert monthly_reports_send(month=MONTH).delivered == 0


# --- the SMTP server is down -------------------------------------------------------------------


def make_due() -> None:
    OutboxEmail.objects.filter(state=OutboxEmail.State.QUEUED).update(next_attempt_at=timezone.now())


def status_of(report: MonthlyReport) -> str:
    return report_status(report_list().get(pk=report.pk)).code


@pytest.mark.django_db
def test_smtp_down_retries_with_backoff_then_fails_visibly_and_is_sent_once_when_back(
    world, smtp_sink, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 3
    monthly_reports_send(month=MONTH)
    report = MonthlyReport.objects.get(vendor=world.vendor, month=MONTH)
    emails = report_emails()
    assert len(emails) == len(world.addresses)
    assert status_of(report) == "sending"

    waits = []
    for attempt in range(1, 3):
        make_due()
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert {outbox_deliver(email_id=e.pk) for e in emails} == {OutboxEmail.State.QUEUED}
        for email in emails:
            email.refresh_from_db()
            assert (email.state, email.attempts) == (OutboxEmail.State.QUEUED, attempt)
            assert email.last_error.startswith("ConnectionRefusedError")
        waits.append(min(e.next_attempt_at for e in emails) - before)
        assert status_of(report) == "sending"
    assert datetime.timedelta(seconds=60) <= waits[0] < datetime.timedelta(seconds=65)
    assert datetime.timedelta(seconds=120) <= waits[1] < datetime.timedelta(seconds=125)  # backoff doubles
    assert not Notification.objects.exists()  # retrying is not worth anyone's attention yet

    make_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert {outbox_deliver(email_id=e.pk) for e in emails} == {OutboxEmail.State.FAILED}

    # Visible: the archive's status, and every hospital admin is told about each email.
    status = report_status(report_list().get(pk=report.pk))
    assert (status.code, status.tone) == ("delivery_failed", "danger")
    assert status.label == f"Failed to {len(world.addresses)} recipients"
    titles = Counter(Notification.objects.filter(recipient=world.admin).values_list("title", flat=True))
    month = f"{world.vendor} {MONTH:%Y-%m}"
    assert titles == Counter({f"Report not delivered to {email.to[0]}: {month}": 1 for email in emails})
    # In the app at once, and in the admin's next digest: no email now, while mail is failing.
    assert set(Notification.objects.values_list("event_type", "in_app", "email_delivery")) == {
        ("report_delivery_failed", True, "digest")
    }
    assert not Notification.objects.exclude(recipient=world.admin).exists()  # staff, vendors: not theirs

    # The monthly run again (the hourly recovery, a second beat) creates no duplicate.
    assert monthly_reports_send(month=MONTH).delivered == 0
    assert {e.pk for e in report_emails()} == {e.pk for e in emails}
    assert ReportDelivery.objects.count() == len(world.addresses)

    # The server is back; an admin retries the failed emails: each goes out once.
    smtp_sink.start()
    for email in emails:
        outbox_retry(email=email)
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
        assert outbox_deliver(email_id=email.pk) is None
    assert outbox_flush() == 0
    assert_received_once(smtp_sink, [world])
    assert status_of(report) == "sent"
    assert_once([world])


@pytest.mark.django_db
def test_a_vendor_that_fails_outside_its_generation_is_reported_and_the_next_still_gets_its_report(
    world, make_report_world, monkeypatch, caplog
) -> None:
    second = make_report_world("Archivault Health")
    real_schedule = runs.deliveries_schedule

    def failing_for_the_first(*, report: MonthlyReport) -> list:
        if report.vendor_id == world.vendor.pk:
            raise ConnectionError("the recipients could not be read")
        return real_schedule(report=report)

    monkeypatch.setattr(runs, "deliveries_schedule", failing_for_the_first)
    outcome = monthly_reports_send(month=MONTH)

    assert outcome.failed == [world.vendor.pk]
    assert outcome.delivered == len(second.addresses)
    assert sorted(e.to[0] for e in report_emails()) == sorted(second.addresses)
    assert ReportRun.objects.get(month=MONTH).finished_at is None  # the recovery tries again
    assert "Monthly reports: skipped" in caplog.text
