"""Writes shared by the owned actions of ``operations.models.actions`` (lessons-learned actions,
health-assessment findings): add one, mark one done. Each caller checks its own permission and
locks its own parent first."""

import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from operations.models.actions import OwnedAction

Action = TypeVar("Action", bound=OwnedAction)


def owned_action_add(
    model: type[Action], *, description: str, side: str, owner_name: str, due_date: datetime.date, **parent: object
) -> Action:
    """A new open action of ``model`` under ``parent`` (e.g. ``review=...``), validated then saved."""
    action = model(
        description=description.strip(), side=side, owner_name=owner_name.strip(), due_date=due_date, **parent
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def owned_action_done(action: Action, *, by: User, permission: str) -> Action:
    """Mark an open action done, now; refused if it is done already."""
    require(by, permission, action)
    action = type(action).objects.select_for_update().get(pk=action.pk)
    if action.status == OwnedAction.Status.DONE:
        raise ValidationError(f"“{action}” is done already.")
    action.status, action.done_at = OwnedAction.Status.DONE, timezone.now()
    action.save(update_fields=["status", "done_at", "updated_at"])
    return action
