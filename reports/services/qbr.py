"""Generating a QBR pack: the row first, in the state 'generating' (so its page shows progress),
then the snapshot and the PDF in a Celery task, stored together. One pack per meeting: generating
it again (the minutes changed) rebuilds it; never two builds of one pack at once."""

import datetime
import hashlib
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.locks import session_lock
from core.permissions import require
from governance.models import Meeting, MeetingKind
from reports.models import QbrPack, QbrPackDocument
from reports.qbr import qbr_months, qbr_snapshot, render_qbr_pdf

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]


def _packable(meeting: Meeting) -> None:
    if meeting.series.kind != MeetingKind.QUARTERLY_BUSINESS_REVIEW:
        raise ValidationError({"meeting": "A QBR pack is made for a quarterly business review only."})
    if not meeting.is_frozen:
        raise ValidationError(
            {"meeting": "The meeting has not started yet: its pack shows the agenda as frozen at the start."}
        )


@transaction.atomic
def _pack_start(meeting: Meeting, requested_by: User) -> QbrPack:
    """The meeting's pack in the state 'generating' (made, or made again)."""
    require(requested_by, "report.manage")
    meeting = Meeting.objects.select_for_update().select_related("series").get(pk=meeting.pk)
    _packable(meeting)
    pack = QbrPack.objects.select_for_update().filter(meeting=meeting).first()
    if pack is not None and pack.state == QbrPack.State.GENERATING:
        raise ValidationError({"meeting": f"The pack of this meeting is being generated ({pack.progress} % done)."})
    now = timezone.now()
    if pack is None:
        pack = QbrPack(meeting=meeting, vendor_id=meeting.vendor_id)
    pack.first_month = qbr_months(meeting)[0]
    pack.state = QbrPack.State.GENERATING
    pack.requested_by = requested_by
    pack.progress, pack.progress_note, pack.progress_at, pack.error = 0, "Waiting for a worker", now, ""
    pack.save()
    return pack


@transaction.atomic
def qbr_pack_queue(*, meeting: Meeting, requested_by: User) -> QbrPack:
    """Start (or start again) the meeting's pack and queue its build for a worker."""
    pack = _pack_start(meeting, requested_by)
    from reports.tasks import generate_qbr_pack

    pack_id = pack.pk
    transaction.on_commit(lambda: generate_qbr_pack.delay(pack_id))
    return pack


def qbr_pack_generate(*, meeting: Meeting, requested_by: User, now: datetime.datetime | None = None) -> QbrPack:
    """Start the meeting's pack and build it here, without a worker (the demo seed)."""
    pack = _pack_start(meeting, requested_by)
    return qbr_pack_build(pack_id=pack.pk, now=now) or pack


def _progress(pack_id: int, percent: int, note: str) -> None:
    QbrPack.objects.filter(pk=pack_id).update(progress=percent, progress_note=note, progress_at=timezone.now())


def qbr_pack_build(*, pack_id: int, now: datetime.datetime | None = None) -> QbrPack | None:
    """Build a generating pack's snapshot and PDF. Returns the pack as it ends up, or None when
    another worker is building it right now. Safe to call again."""
    with session_lock(f"qbr-pack-build:{pack_id}") as acquired:
        if not acquired:
            return None
        pack = QbrPack.objects.select_related("vendor", "meeting__series", "meeting__vendor").get(pk=pack_id)
        if pack.state != QbrPack.State.GENERATING:
            return pack
        try:
            _progress(pack_id, 10, "Collecting the quarter's figures")
            snapshot = qbr_snapshot(pack.meeting, now=now)
            _progress(pack_id, 60, "Drawing charts and laying out the PDF")
            rendered = render_qbr_pdf(snapshot)
            _progress(pack_id, 95, "Storing the PDF")
            _store(pack_id, snapshot, rendered.content, rendered.pages)
        except Exception as error:
            logger.exception("QBR pack %s could not be generated", pack_id)
            QbrPack.objects.filter(pk=pack_id).update(
                state=QbrPack.State.FAILED,
                error=f"{error.__class__.__name__}: {error}"[:2000],
                progress_note="Failed",
                progress_at=timezone.now(),
            )
        pack.refresh_from_db()
        return pack


@transaction.atomic
def _store(pack_id: int, snapshot: dict, pdf: bytes, pages: int) -> None:
    now = timezone.now()
    pack = QbrPack.objects.select_for_update().get(pk=pack_id)
    pack.snapshot = snapshot
    pack.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    pack.pdf_size = len(pdf)
    pack.pages = pages
    pack.generated_at = now
    pack.state = QbrPack.State.READY
    pack.progress, pack.progress_note, pack.progress_at, pack.error = 100, "Done", now, ""
    pack.save()
    QbrPackDocument.objects.update_or_create(pack=pack, defaults={"pdf": pdf})
