"""History import as a background job: a real worker runs it, its progress is seen while the
import's transaction is open, a dead worker's job is marked failed, and the page and API follow
the job. (What a file's rows become is test_history.py's part.)"""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification, OutboxEmail
from notifications.tests.conftest import broker, celery_worker, smtp_sink  # noqa: F401 - shared fixtures
from notifications.tests.support import wait_for
from slas.models import Agreement
from tickets.models import HistoryImport, Ticket
from tickets.services import history, history_jobs
from tickets.services.history_jobs import (
    QUEUED_TOO_LONG,
    STALLED_AFTER,
    history_import_run,
    history_imports_recover,
)

HEADER = "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"
CLOSED = "2026-10-01T09:00:00+02:00,2026-10-01T09:30:00+02:00,2026-10-02T09:00:00+02:00,2026-10-03T09:00:00+02:00"
FUTURE = "2099-01-01T10:00:00+01:00,,,"


def history_csv(rows: int, *, last: str | None = None) -> bytes:
    """``rows`` closed tickets of Meridian; ``last`` replaces the instants of the last row."""
    lines = [f"Meridian Imaging Systems,P3,Old ticket {n},,{CLOSED}\n" for n in range(rows)]
    if last is not None:
        lines[-1] = f"Meridian Imaging Systems,P3,Old ticket {rows - 1},,{last}\n"
    return (HEADER + "".join(lines)).encode()


def start(admin_user: object, content: bytes, filename: str = "history.csv") -> HistoryImport:
    upload = SimpleUploadedFile(filename, content, content_type="text/csv")
    return history_jobs.history_import_start(upload=upload, by=admin_user)


def read_elsewhere(sql: str, params: list[object]) -> tuple:
    """One row as another connection sees it (the page's, the recovery's)."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    finally:
        other.close()


# --- through a real Celery worker ------------------------------------------------------------

# A busy machine (CI running other suites) can take minutes over a few hundred rows; the test
# waits for the outcome, not for a time.
WORKER_WAIT = 600


@pytest.fixture
def worker(celery_worker, smtp_sink, monkeypatch, settings):  # noqa: F811 - shared fixtures
    """A real worker on the test database, reading uploads from this test's MEDIA_ROOT."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return celery_worker(smtp_sink.port)


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(WORKER_WAIT + 60)
def test_a_worker_imports_the_file_and_its_progress_shows_while_nothing_is_committed_yet(
    agreement: Agreement,
    admin_api: APIClient,
    worker,
    broker,  # noqa: F811
) -> None:
    rows = 2 * history.PROGRESS_EVERY + 10  # progress is reported twice before the end
    upload = SimpleUploadedFile("history.csv", history_csv(rows), content_type="text/csv")
    accepted = admin_api.post("/api/v1/tickets/import/", {"file": upload}, format="multipart")
    assert accepted.status_code == 202
    job_id = accepted.json()["id"]

    seen: list[tuple[str, int, int, int]] = []  # (status, rows done, rows total, tickets stored)

    def observe() -> bool:
        job = HistoryImport.objects.get(pk=job_id)
        seen.append((job.status, job.rows_done, job.rows_total, Ticket.objects.count()))
        return job.finished

    wait_for(observe, timeout=WORKER_WAIT, what=f"the worker to finish the import\n{worker.log()}")
    job = admin_api.get(accepted["Location"]).json()
    assert (job["status"], job["imported"], job["rows_total"], job["errors"]) == ("done", rows, rows, [])
    assert Ticket.objects.filter(title__startswith="Old ticket").count() == rows
    # Mid-import, the page saw the rows counted up while the tickets were not yet there.
    importing = [(done, total, stored) for status, done, total, stored in seen if status == "importing"]
    assert any(0 < done < total for done, total, _ in importing), seen[:50]
    assert all(stored == 0 for _, _, stored in importing)
    assert {status for status, *_ in seen} <= {"queued", "validating", "importing", "done"}
    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.exists()
    assert not HistoryImport.objects.get(pk=job_id).upload  # the stored file is gone


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(WORKER_WAIT + 60)
def test_a_row_the_worker_cannot_import_undoes_the_whole_file(
    agreement: Agreement,
    admin_user,
    worker,
    broker,  # noqa: F811
) -> None:
    job = start(admin_user, history_csv(600, last=FUTURE))

    wait_for(
        lambda: HistoryImport.objects.get(pk=job.pk).finished, timeout=WORKER_WAIT, what=f"the import\n{worker.log()}"
    )
    job.refresh_from_db()
    assert (job.status, job.imported) == (HistoryImport.Status.FAILED, 0)
    assert job.errors == [[601, "This instant is in the future."]]
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(WORKER_WAIT + 60)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_recovery_marks_the_job_failed(
    agreement: Agreement,
    admin_user,
    worker,
    broker,  # noqa: F811
) -> None:
    job = start(admin_user, history_csv(3_000))
    wait_for(
        lambda: HistoryImport.objects.filter(pk=job.pk, status="importing", rows_done__gt=0).exists(),
        timeout=WORKER_WAIT,
        what=f"the import to be under way\n{worker.log()}",
    )
    worker.process.kill()  # kill -9 of the worker this test started
    worker.process.wait(timeout=30)

    assert history_imports_recover() == 0  # its heartbeat is fresh: maybe it is only slow
    with time_machine.travel(timezone.now() + STALLED_AFTER + datetime.timedelta(minutes=1)):
        # PostgreSQL frees the dead worker's lock once it sees its connection gone.
        wait_for(history_imports_recover, timeout=30, what="the dead worker's lock to be freed")
    job.refresh_from_db()
    assert job.status == HistoryImport.Status.FAILED
    assert job.failure.startswith("The worker running this import stopped")
    assert "Nothing was imported" in job.failure
    assert 0 < job.rows_done < 3_000
    assert not Ticket.objects.exists()
    assert not job.upload


# --- progress through the job's own connection -----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_while_the_import_transaction_is_open(
    agreement: Agreement, admin_user, monkeypatch
) -> None:
    job = start(admin_user, history_csv(2 * history.PROGRESS_EVERY + 10))
    seen = []
    replay = history._replay

    def replay_and_look(row: history._Row, by: object) -> Ticket:
        ticket = replay(row, by)
        if row.line - 1 in (history.PROGRESS_EVERY + 1, 2 * history.PROGRESS_EVERY + 1):
            sql = "SELECT status, rows_done, rows_total, (SELECT count(*) FROM tickets_ticket) FROM %s WHERE id = %%s"
            seen.append(read_elsewhere(sql % HistoryImport._meta.db_table, [job.pk]))
        return ticket

    monkeypatch.setattr(history, "_replay", replay_and_look)
    history_import_run(job_id=job.pk)

    total = 2 * history.PROGRESS_EVERY + 10
    assert seen == [
        ("importing", history.PROGRESS_EVERY, total, 0),
        ("importing", 2 * history.PROGRESS_EVERY, total, 0),
    ]
    job.refresh_from_db()
    assert (job.status, job.imported, job.rows_done) == (HistoryImport.Status.DONE, total, total)


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_once_however_often_its_task_arrives(agreement: Agreement, admin_user) -> None:
    job = start(admin_user, history_csv(3))
    assert history_import_run(job_id=job.pk).status == HistoryImport.Status.DONE
    assert history_import_run(job_id=job.pk) is None
    assert Ticket.objects.count() == 3


# --- the recovery ----------------------------------------------------------------------------


def _running(admin_user: object, *, heartbeat: datetime.datetime) -> HistoryImport:
    return HistoryImport.objects.create(
        started_by=admin_user, filename="h.csv", status="importing", rows_total=10, rows_done=4, heartbeat_at=heartbeat
    )


@pytest.mark.django_db(transaction=True)
def test_the_recovery_fails_a_stalled_job_only_once_its_heartbeat_is_old(admin_user) -> None:
    job = _running(admin_user, heartbeat=timezone.now())
    with time_machine.travel(timezone.now() + STALLED_AFTER - datetime.timedelta(seconds=30)):
        assert history_imports_recover() == 0
    with time_machine.travel(timezone.now() + STALLED_AFTER + datetime.timedelta(seconds=30)):
        assert history_imports_recover() == 1
        assert history_imports_recover() == 0  # done is done
    job.refresh_from_db()
    assert job.status == HistoryImport.Status.FAILED
    assert job.finished_at is not None
    assert "start the import again" in job.failure


@pytest.mark.django_db(transaction=True)
def test_the_recovery_leaves_a_job_alone_while_its_worker_holds_it(admin_user) -> None:
    job = _running(admin_user, heartbeat=timezone.now() - STALLED_AFTER * 2)
    holding, release = threading.Event(), threading.Event()

    def live_worker() -> None:  # alive, but its heartbeat is old (one very slow row)
        with history_jobs._job_lock(job.pk) as acquired:
            assert acquired
            holding.set()
            release.wait(timeout=60)

    thread = threading.Thread(target=lambda: (live_worker(), connection.close()))
    thread.start()
    try:
        assert holding.wait(timeout=30)
        assert history_imports_recover() == 0
        job.refresh_from_db()
        assert job.status == HistoryImport.Status.IMPORTING
    finally:
        release.set()
        thread.join(timeout=30)
    assert history_imports_recover() == 1


@pytest.mark.django_db(transaction=True)
def test_a_job_no_worker_took_is_given_up_and_a_late_task_then_does_nothing(agreement: Agreement, admin_user) -> None:
    job = start(admin_user, history_csv(2))
    with time_machine.travel(timezone.now() + QUEUED_TOO_LONG - datetime.timedelta(minutes=1)):
        assert history_imports_recover() == 0
    with time_machine.travel(timezone.now() + QUEUED_TOO_LONG + datetime.timedelta(minutes=1)):
        assert history_imports_recover() == 1
    job.refresh_from_db()
    assert (job.status, job.failure) == (
        HistoryImport.Status.FAILED,
        "No worker took this import up within 1 hour(s). Nothing was imported: start it again.",
    )
    assert history_import_run(job_id=job.pk) is None
    assert not Ticket.objects.exists()


def test_the_recovery_runs_every_three_minutes() -> None:
    from pacsvendor.celery import app

    entry = app.conf.beat_schedule["tickets-history-import-recover"]
    assert entry["task"] == "tickets.tasks.recover_history_imports"
    assert entry["schedule"].minute == set(range(0, 60, 3))


# --- the page and the API follow the job -----------------------------------------------------


@pytest.mark.django_db
def test_the_job_page_shows_the_rows_checked_and_polls_until_the_job_ends(
    admin_client: Client, admin_user, agreement: Agreement
) -> None:
    job = start(admin_user, history_csv(2))
    HistoryImport.objects.filter(pk=job.pk).update(status="validating", rows_total=49_000, rows_done=12_000)

    page = admin_client.get(f"/tickets/import/{job.pk}/").content.decode()
    assert "12,000 of 49,000 rows checked" in page
    assert 'aria-valuenow="24"' in page
    assert f'hx-get="/tickets/import/{job.pk}/status/"' in page

    HistoryImport.objects.filter(pk=job.pk).update(status="importing", rows_done=3_000)
    card = admin_client.get(f"/tickets/import/{job.pk}/status/").content.decode()
    assert "3,000 of 49,000 rows imported" in card
    assert "hx-get" in card

    HistoryImport.objects.filter(pk=job.pk).update(status="done", rows_total=2, rows_done=2, imported=2)
    card = admin_client.get(f"/tickets/import/{job.pk}/status/").content.decode()
    assert "2 tickets</strong> imported from history.csv" in card
    assert "hx-get" not in card  # the polling stops


@pytest.mark.django_db
def test_a_job_that_stopped_says_why_and_offers_a_new_import(admin_client: Client, admin_user) -> None:
    job = HistoryImport.objects.create(
        started_by=admin_user, filename="h.csv", status="failed", failure="The worker running this import stopped."
    )
    card = admin_client.get(f"/tickets/import/{job.pk}/status/").content.decode()
    assert "Nothing imported" in card
    assert "The worker running this import stopped." in card
    assert 'href="/tickets/import/"' in card


@pytest.mark.django_db
def test_the_import_page_lists_recent_jobs_in_few_queries(
    admin_client: Client, admin_user, django_assert_max_num_queries
) -> None:
    for n in range(7):
        HistoryImport.objects.create(
            started_by=admin_user, filename=f"h{n}.csv", status="failed", errors=[[2, "bad"], [3, "worse"]]
        )
    with django_assert_max_num_queries(8):
        page = admin_client.get("/tickets/import/").content.decode()
    assert page.count("2 problems") == 5
    assert "h6.csv" in page  # the 5 newest
    assert "h1.csv" not in page


@pytest.mark.django_db
def test_the_import_page_says_what_happens_before_the_first_import(admin_client: Client) -> None:
    assert "No history imported yet" in admin_client.get("/tickets/import/").content.decode()


@pytest.mark.django_db
def test_the_api_lists_jobs_with_their_error_counts_in_few_queries(
    admin_api: APIClient, admin_user, django_assert_max_num_queries
) -> None:
    for n in range(20):
        HistoryImport.objects.create(started_by=admin_user, filename=f"h{n}.csv", status="failed", errors=[[2, "x"]])
    with django_assert_max_num_queries(4):
        body = admin_api.get("/api/v1/ticket-imports/").json()
    assert body["count"] == 20
    assert {job["error_count"] for job in body["results"]} == {1}
    assert "errors" not in body["results"][0]  # the list leaves the error lists to each job


@pytest.mark.django_db
def test_only_hospital_admins_follow_an_import_page_and_vendor_users_never_see_a_job(
    admin_user, staff_client: Client, vendor_client: Client, staff_api: APIClient, vendor_api: APIClient
) -> None:
    job = HistoryImport.objects.create(started_by=admin_user, filename="h.csv")
    assert staff_client.get(f"/tickets/import/{job.pk}/").status_code == 403
    assert vendor_client.get(f"/tickets/import/{job.pk}/").status_code == 404
    assert vendor_client.get(f"/tickets/import/{job.pk}/status/").status_code == 404
    assert vendor_api.get(f"/api/v1/ticket-imports/{job.pk}/").status_code == 404
    assert vendor_api.get("/api/v1/ticket-imports/").json()["count"] == 0
    assert staff_api.get(f"/api/v1/ticket-imports/{job.pk}/").json()["status"] == "queued"


@pytest.mark.django_db
def test_an_upload_without_a_file_is_a_400_with_the_field(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/tickets/import/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["Attach the CSV file as “file”."]}
    assert not HistoryImport.objects.exists()


@pytest.mark.django_db
def test_the_upload_is_stored_under_media_until_the_job_ends(agreement: Agreement, admin_user) -> None:
    job = start(admin_user, history_csv(1), filename="../../etc/old system.csv")
    assert job.filename == "old system.csv"
    stored = settings.MEDIA_ROOT / job.upload.name
    assert stored.read_bytes() == history_csv(1)
    history_import_run(job_id=job.pk)
    assert not stored.exists()


@pytest.mark.django_db
def test_the_sweep_of_imported_tickets_is_planned_for_the_rows_the_import_added(
    agreement: Agreement, admin_user, monkeypatch
) -> None:
    """Planned for the empty tables of a new install, the sweep of 2,000 imported tickets' clocks
    ran nested loops for many minutes: the import has PostgreSQL count its rows first."""
    seen = {}
    sweep = history.sweep_due_actions

    def sweep_and_look(**kwargs: object) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname IN ('tickets_ticket', 'tickets_slaclock')"
            )
            seen.update(cursor.fetchall())
            cursor.execute("SELECT count(*) FROM tickets_ticket")
            seen["tickets"] = cursor.fetchone()[0]
        return sweep(**kwargs)

    monkeypatch.setattr(history, "sweep_due_actions", sweep_and_look)
    job = start(admin_user, history_csv(40))
    history_import_run(job_id=job.pk)

    assert HistoryImport.objects.get(pk=job.pk).status == HistoryImport.Status.DONE
    assert seen["tickets"] >= 40
    assert seen["tickets_ticket"] == seen["tickets"]  # ANALYZE counted them all (a small table)
    assert seen["tickets_slaclock"] >= 80
