"""The minutes of a started meeting: attendance, notes per agenda item, decisions."""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core import limits
from core.permissions import require
from governance.models import Attendance, Decision, Meeting, MinuteNote
from governance.selectors.agenda import agenda_keys


def require_started(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.STARTED:
        raise ValidationError(
            "Minutes are kept for a meeting that has started: start it first (this freezes its agenda)."
        )


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, present_users: Collection[int], present_contacts: Collection[int], actor: User
) -> int:
    """Mark who was there among the invited; returns how many were present."""
    require(actor, "meeting.run", meeting)
    require_started(meeting)
    rows = list(Attendance.objects.select_for_update().filter(meeting=meeting))
    for row in rows:
        row.present = (row.user_id in present_users) if row.user_id else (row.contact_id in present_contacts)
    Attendance.objects.bulk_update(rows, ["present", "updated_at"])
    return sum(row.present for row in rows)


@transaction.atomic
def note_add(*, meeting: Meeting, item_key: str, text: str, internal: bool, actor: User) -> MinuteNote:
    """A note on one item of the frozen agenda. Internal notes are the hospital's: a vendor user
    may never write one."""
    require(actor, "meeting.run", meeting)
    if internal and actor.is_vendor_user:
        raise ValidationError({"internal": "Vendor users cannot write internal notes."})
    require_started(meeting)
    if item_key not in dict(agenda_keys(meeting.agenda)):
        raise ValidationError({"item_key": "Choose an item of the meeting's agenda."})
    limits.check_length("text", text, limits.DESCRIPTION_LENGTH)
    return MinuteNote.objects.create(
        meeting=meeting, item_key=item_key, text=text.strip(), internal=internal, author=actor
    )


@transaction.atomic
def decision_record(*, meeting: Meeting, text: str, actor: User) -> Decision:
    """Record what was agreed: it joins the vendor's decision log."""
    require(actor, "meeting.run", meeting)
    require_started(meeting)
    if not text.strip():
        raise ValidationError({"text": "Write what was decided."})
    limits.check_length("text", text, limits.NOTE_LENGTH)
    return Decision.objects.create(meeting=meeting, vendor_id=meeting.vendor_id, text=text.strip(), recorded_by=actor)
