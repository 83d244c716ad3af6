"""Generating a QBR pack: the row first, in the state 'generating' (so its page shows progress),
then the snapshot and the PDF in a Celery task, stored together. One pack per meeting: generating
it again (the minutes changed) rebuilds it; never two builds of one pack at once."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from governance.models import Meeting, MeetingKind
from reports.models import QbrPack, QbrPackDocument
from reports.qbr import qbr_months, qbr_snapshot, render_qbr_pdf
from reports.services.pdf_builds import PdfBuild, pdf_build


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


QBR_PACK = PdfBuild(
    name="QBR pack",
    model=QbrPack,
    document_model=QbrPackDocument,
    document_link="pack",
    select_related=("vendor", "meeting__series", "meeting__vendor"),
    collecting="Collecting the quarter's figures",
    snapshot=lambda pack, now: qbr_snapshot(pack.meeting, now=now),
    render=lambda snapshot: render_qbr_pdf(snapshot),
)


def qbr_pack_build(*, pack_id: int, now: datetime.datetime | None = None) -> QbrPack | None:
    """Build a generating pack's snapshot and PDF (``reports.services.pdf_builds``); None when
    another worker is building it right now. Safe to call again."""
    return pdf_build(QBR_PACK, row_id=pack_id, now=now)
