"""The ticket history import as a background job: the upload is stored and queued at once, and a
worker checks every row, then imports them all in one transaction (``history.tickets_import_csv``:
all rows or none, nobody told). The job's row says how far it got; the page polls it, the API
returns it.

Progress goes through a second database connection. The import is one transaction, and what the
worker's connection writes inside it is seen by nobody until it commits: 49,000 rows take minutes,
and a page would show 0 all along. So the job's progress and heartbeat are written by a connection
of its own, in autocommit (``_ProgressWriter``): each write is visible at once to the page, the
API and the recovery. Not a Redis key: the row is the one record all three read already, and it
survives a cache flush. Not only progress committed while checking: importing is the long phase
(~3 ms a row, against a fraction of that to check one), so it is the one that needs a bar. One
rule keeps the two connections from waiting on each other: while the import's transaction is
open, the worker's own connection never touches the job's row.

A dead worker. Killed mid-way, its transaction is rolled back by PostgreSQL (nothing imported)
and its heartbeat stops. While it runs, a worker holds a session advisory lock on its job; the
recovery (beat: every 3 minutes, ``history_imports_recover``) marks failed a running job whose
heartbeat is STALLED_AFTER old and whose lock is free, and a queued job no worker took within
QUEUED_TOO_LONG, each with the reason. A failed job is never resumed: retrying is starting a new
import with the same file.
"""

import datetime
import logging
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.sql.constants import NO_RESULTS
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone

from accounts.models import User
from core.imports import ImportReport
from core.locks import session_lock
from core.permissions import require
from core.text import fit_filename
from tickets.models import HistoryImport
from tickets.services import history

logger = logging.getLogger(__name__)

# A running job whose heartbeat is this old, and whose worker's lock is free, was left by a dead
# worker. The heartbeat beats every PROGRESS_EVERY rows: well under a second at work.
STALLED_AFTER = datetime.timedelta(minutes=5)
# A queued job no worker took for this long is given up (the workers were down or swamped).
QUEUED_TOO_LONG = datetime.timedelta(hours=1)

Status = HistoryImport.Status


def history_import_start(*, upload: UploadedFile, by: User) -> HistoryImport:
    """Store an uploaded CSV of past tickets and queue its import (once the caller's transaction
    commits), for the roles that may import ticket history. The job's page and API route follow
    it from there."""
    require(by, "ticket.import")
    job = HistoryImport(
        started_by=by,
        filename=fit_filename(upload.name or "history.csv"),
        size_bytes=upload.size or 0,
        heartbeat_at=timezone.now(),
    )
    job.upload.save(job.filename, upload, save=False)
    job.save()
    # A broker that is down loses only the message (logged): the job stays queued, and the
    # recovery gives it up with the reason after QUEUED_TOO_LONG; the upload still answers.
    transaction.on_commit(partial(_enqueue, job.pk), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from tickets.tasks import import_ticket_history

    import_ticket_history.delay(job_id)


def _job_lock(job_id: int) -> AbstractContextManager[bool]:
    # A session lock: it spans the import's transaction and the progress around it.
    return session_lock(f"history-import:{job_id}")


class _ProgressWriter:
    """Writes the job's status, counts and heartbeat through a connection of its own, in
    autocommit, so they are seen while the import's transaction is still open."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.write(status=phase, rows_done=done, rows_total=total)

    def write(self, **values: Any) -> None:
        now = timezone.now()
        query = UpdateQuery(HistoryImport)
        query.add_update_values({**values, "heartbeat_at": now, "updated_at": now})
        query.add_filter("pk", self.job_id)
        query.get_compiler(connection=self.connection).execute_sql(NO_RESULTS)

    def close(self) -> None:
        self.connection.close()


def history_import_run(*, job_id: int) -> HistoryImport | None:
    """Check and import a queued job's file. Returns the job as it ended, or None when it was
    not waiting (another worker has it, or it ended already): safe to run twice."""
    with _job_lock(job_id) as acquired:
        if not acquired:
            return None
        now = timezone.now()
        claimed = HistoryImport.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.VALIDATING, started_at=now, heartbeat_at=now, updated_at=now
        )
        if not claimed:
            return None
        job = HistoryImport.objects.select_related("started_by").get(pk=job_id)
        _finish(job, _run(job))
    job.refresh_from_db()
    return job


def _run(job: HistoryImport) -> ImportReport | str:
    """The import's report, or why the job could not run at all."""
    writer = _ProgressWriter(job.pk)
    try:
        with job.upload.open("rb") as stored:
            content = stored.read()
        return history.tickets_import_csv(content=content, by=job.started_by, progress=writer)
    except FileNotFoundError:
        return "The stored upload is missing: this worker cannot read the media folder. Nothing was imported."
    except Exception as error:  # the transaction rolled back: nothing was imported
        logger.exception("History import %s failed", job.pk)
        return f"The import stopped on an unexpected error ({type(error).__name__}). Nothing was imported."
    finally:
        writer.close()


def _finish(job: HistoryImport, outcome: ImportReport | str) -> None:
    now = timezone.now()
    values: dict[str, Any] = {"finished_at": now, "heartbeat_at": now, "updated_at": now}
    if isinstance(outcome, str):
        values.update(status=Status.FAILED, failure=outcome, imported=0)
    elif outcome.ok:
        done = outcome.imported  # every row of the file
        values.update(status=Status.DONE, imported=done, rows_done=done, rows_total=done)
    else:
        values.update(status=Status.FAILED, imported=0, errors=[list(error) for error in outcome.errors])
    HistoryImport.objects.filter(pk=job.pk, status__in=HistoryImport.RUNNING).update(**values)
    _drop_upload(job)


def _drop_upload(job: HistoryImport) -> None:
    """The stored file has served its purpose once the job ended."""
    if job.upload:
        job.upload.delete(save=False)
        HistoryImport.objects.filter(pk=job.pk).update(upload="")


def history_imports_recover(now: datetime.datetime | None = None) -> int:
    """Mark failed, with the reason, the jobs no worker will finish: running ones whose heartbeat
    is STALLED_AFTER old and whose worker's lock is free, queued ones older than QUEUED_TOO_LONG.
    Their transaction never committed, so nothing of them was imported. Returns how many."""
    now = now or timezone.now()
    given_up = 0
    stalled = HistoryImport.objects.filter(status__in=HistoryImport.RUNNING, heartbeat_at__lt=now - STALLED_AFTER)
    for job in stalled:
        last = timezone.localtime(job.heartbeat_at)
        reason = (
            f"The worker running this import stopped (no sign of it since {last:%Y-%m-%d %H:%M}). "
            "Nothing was imported: start the import again."
        )
        given_up += _give_up(job, reason, now, status__in=HistoryImport.RUNNING, heartbeat_at=job.heartbeat_at)
    waiting = HistoryImport.objects.filter(status=Status.QUEUED, created_at__lt=now - QUEUED_TOO_LONG)
    for job in waiting:
        hours = QUEUED_TOO_LONG.total_seconds() / 3600
        reason = f"No worker took this import up within {hours:g} hour(s). Nothing was imported: start it again."
        given_up += _give_up(job, reason, now, status=Status.QUEUED)
    return given_up


def _give_up(job: HistoryImport, reason: str, now: datetime.datetime, **unchanged: Any) -> int:
    """Fail ``job`` if its worker's lock is free and it is still as the recovery saw it."""
    with _job_lock(job.pk) as free:
        if not free:
            return 0
        changed = HistoryImport.objects.filter(pk=job.pk, **unchanged).update(
            status=Status.FAILED, failure=reason, finished_at=now, updated_at=now
        )
    if changed:
        _drop_upload(job)
    return changed
