"""Agenda items added by hand, and the freeze: when a meeting starts, its agenda is built one last
time and stored, so the minutes refer to what was shown."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import require
from governance.models import AgendaItem, Meeting
from governance.selectors.agenda import agenda_build


def _editable(meeting: Meeting) -> None:
    if meeting.is_frozen:
        raise ValidationError("The agenda is frozen: the meeting has started, so its agenda can no longer change.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The meeting is cancelled: its agenda can no longer change.")


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, detail: str = "", actor: User) -> AgendaItem:
    """Add an item to a meeting's agenda before it is frozen (vendor users to their vendor's)."""
    require(actor, "meeting.agenda_add", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _editable(meeting)
    limits.check_length("detail", detail, limits.NOTE_LENGTH)
    item = AgendaItem(meeting=meeting, title=title.strip(), detail=detail.strip(), added_by=actor)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User) -> None:
    require(actor, "meeting.agenda_add", item.meeting)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _editable(meeting)
    if actor.is_vendor_user and item.added_by_id != actor.pk:
        raise ValidationError("Vendor users remove only the items they added.")
    item.delete()


@transaction.atomic
def meeting_start(*, meeting: Meeting, actor: User, now: datetime.datetime | None = None) -> Meeting:
    """Start a scheduled meeting: build its agenda from the data now and freeze it."""
    require(actor, "meeting.run", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.is_frozen:
        raise ValidationError("This meeting has already started or is cancelled.")
    now = now or timezone.now()
    meeting.agenda = agenda_build(meeting, now=now)
    meeting.agenda_frozen_at = now
    meeting.status = Meeting.Status.STARTED
    meeting.save(update_fields=["agenda", "agenda_frozen_at", "status", "updated_at"])
    return meeting
