"""Meeting actions: agreed in a started meeting, owned by a hospital user or a vendor contact,
due on a date; their status kept by the hospital and by the vendor for its own."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.links import audience_of, object_url
from core.permissions import require
from core.roles import is_vendor_user
from governance.models import ActionItem, ActionStatus, Meeting
from governance.models.actions import Side
from governance.services.minutes import require_started
from notifications.event_types import EventType
from notifications.services.notify import notify


def _owner_problems(action: ActionItem, meeting: Meeting) -> dict[str, str]:
    errors: dict[str, str] = {}
    user, contact = action.owner_user, action.owner_contact
    if user is None and contact is None:
        errors["owner_user"] = "Every action has an owner: choose a hospital user or a vendor contact."
    elif user is not None and contact is not None:
        errors["owner_contact"] = "An action has one owner: choose a hospital user or a vendor contact, not both."
    elif user is not None and (not user.is_active or (is_vendor_user(user) and user.vendor_id != meeting.vendor_id)):
        errors["owner_user"] = "The owner is an active user of the hospital or of this vendor."
    elif contact is not None and contact.vendor_id != meeting.vendor_id:
        errors["owner_contact"] = "The owner is a contact of this meeting's vendor."
    if action.due_date is None:
        errors["due_date"] = "Every action has a due date."
    return errors


@transaction.atomic
def action_add(*, action: ActionItem, actor: User) -> ActionItem:
    """Record an action agreed in ``action.meeting`` (started). Its side follows its owner: a
    vendor contact's or a vendor user's is the vendor's. The owner with an account is told."""
    meeting = action.meeting
    require(actor, "meeting.run", meeting)
    require_started(meeting)
    errors = _owner_problems(action, meeting)
    if errors:
        raise ValidationError(errors)
    action.vendor_id = meeting.vendor_id
    owner = action.owner_user
    action.side = Side.VENDOR if action.owner_contact_id or is_vendor_user(owner) else Side.HOSPITAL
    action.full_clean()
    action.save()
    if owner is not None:
        notify(
            event=EventType.ASSIGNED_TO_ME,
            recipients=[owner],
            title=f"Action for you from {meeting.series.title}: {action.description}",
            body=f"Due {action.due_date:%d %b %Y}.",
            url=object_url(meeting, audience=audience_of(owner)),
            actor=actor,
        )
    return action


@transaction.atomic
def action_status_set(
    *, action: ActionItem, status: str, actor: User, now: datetime.datetime | None = None
) -> ActionItem:
    """Move an action to open, in progress, done or dropped (vendor users: their vendor's
    side's actions only; the hospital's obligations are the hospital's to report on)."""
    require(actor, "action.update", action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose open, in progress, done or dropped."})
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if is_vendor_user(actor) and action.side != Side.VENDOR:
        raise ValidationError("Vendor users keep the status of the vendor's actions; this one is the hospital's.")
    action.status = status
    action.done_at = (now or timezone.now()) if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_at", "updated_at"])
    return action
