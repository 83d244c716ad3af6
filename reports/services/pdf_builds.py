"""Building a stored PDF from its snapshot, shared by the documents made on request (the QBR pack,
the evaluation PDF): the row waits in the state 'generating'; a worker takes the snapshot, renders
it and stores both, saying how far it is at each step; a failure is kept on the row. Never two
builds of one row at once (a session lock per row)."""

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.locks import session_lock
from reports.rendering import RenderedPdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfBuild:
    """One kind of PDF built from a snapshot: its row and the model holding its bytes."""

    name: str  # for the lock and the log, e.g. "QBR pack"
    model: type[Model]  # state, progress, snapshot, hashes
    document_model: type[Model]  # the PDF bytes, one row per ``model`` row
    document_link: str  # the document's one-to-one to the row, e.g. "pack"
    select_related: tuple[str, ...]
    collecting: str  # what the snapshot step says while it runs
    snapshot: Callable[[Any, datetime.datetime | None], dict]
    render: Callable[[dict], RenderedPdf]


def _progress(kind: PdfBuild, row_id: int, percent: int, note: str) -> None:
    kind.model.objects.filter(pk=row_id).update(progress=percent, progress_note=note, progress_at=timezone.now())


def pdf_build(kind: PdfBuild, *, row_id: int, now: datetime.datetime | None = None) -> Any | None:
    """Build a generating row's snapshot and PDF. Returns the row as it ends up, or None when
    another worker is building it right now. Safe to call again."""
    lock = f"{kind.name.lower().replace(' ', '-')}-build:{row_id}"
    with session_lock(lock) as acquired:
        if not acquired:
            return None
        row = kind.model.objects.select_related(*kind.select_related).get(pk=row_id)
        if row.state != kind.model.State.GENERATING:
            return row
        try:
            _progress(kind, row_id, 10, kind.collecting)
            snapshot = kind.snapshot(row, now)
            _progress(kind, row_id, 60, "Drawing charts and laying out the PDF")
            rendered = kind.render(snapshot)
            _progress(kind, row_id, 95, "Storing the PDF")
            _store(kind, row_id, snapshot, rendered)
        except Exception as error:
            logger.exception("%s %s could not be generated", kind.name, row_id)
            kind.model.objects.filter(pk=row_id).update(
                state=kind.model.State.FAILED,
                error=f"{error.__class__.__name__}: {error}"[:2000],
                progress_note="Failed",
                progress_at=timezone.now(),
            )
        row.refresh_from_db()
        return row


@transaction.atomic
def _store(kind: PdfBuild, row_id: int, snapshot: dict, rendered: RenderedPdf) -> None:
    now = timezone.now()
    row = kind.model.objects.select_for_update().get(pk=row_id)
    row.snapshot = snapshot
    row.pdf_sha256 = hashlib.sha256(rendered.content).hexdigest()
    row.pdf_size = len(rendered.content)
    row.pages = rendered.pages
    row.generated_at = now
    row.state = kind.model.State.READY
    row.progress, row.progress_note, row.progress_at, row.error = 100, "Done", now, ""
    row.save()
    kind.document_model.objects.update_or_create(**{kind.document_link: row}, defaults={"pdf": rendered.content})
