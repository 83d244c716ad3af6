"""Writes on maintenance windows: announcing (by the vendor or the hospital), approval by a
hospital admin, recording when the work really happened, cancelling; who may do which (for the
pages and the API to offer only what the services accept); the calendar-feed token."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import limits
from core.links import Audience, object_url
from core.permissions import can, require
from core.roles import hospital_admins, hospital_users, is_vendor_user, vendor_users
from notifications.event_types import EventType
from notifications.services.notify import notify
from slas.models import FeedToken, MaintenanceWindow
from vendors.models import Component

State = MaintenanceWindow.State
OPEN_STATES = (State.PROPOSED, State.APPROVED)


@dataclass(frozen=True)
class MaintenanceMay:
    """What a user may do with a window now; the services enforce the same rules."""

    edit: bool
    decide: bool
    record_actuals: bool
    cancel: bool


def _vendor_may_change(window: MaintenanceWindow, now: datetime.datetime) -> bool:
    # A vendor changes or calls off only work still to come: a plan whose start has passed
    # is history, and rewriting it would rewrite what counts as planned downtime.
    return window.actual_start is None and window.planned_start > now


def maintenance_may(window: MaintenanceWindow, user: User, now: datetime.datetime | None = None) -> MaintenanceMay:
    """What ``user`` may do with ``window`` now: the role matrix (``core.permissions``) says
    which actions the role takes, the window's state which of them apply. Open windows are
    edited, and cancelled before their work starts; proposed ones are decided; actual times are
    recorded for any window not cancelled. A vendor user changes and cancels only their own
    vendor's work still to come. Hospital staff read."""
    now = now or timezone.now()
    is_open = window.state in OPEN_STATES
    vendor_late = user.is_vendor_user and not _vendor_may_change(window, now)
    return MaintenanceMay(
        edit=can(user, "maintenance.announce", window) and is_open and not vendor_late,
        decide=can(user, "maintenance.decide", window) and window.state == State.PROPOSED,
        record_actuals=can(user, "maintenance.record_actuals", window) and window.state != State.CANCELLED,
        cancel=can(user, "maintenance.cancel", window) and is_open and window.actual_start is None and not vendor_late,
    )


def _checked_components(window: MaintenanceWindow, components: Iterable[Component]) -> list[Component]:
    components = list(components)
    foreign = [str(c) for c in components if c.vendor_id != window.vendor_id]
    if foreign:
        raise ValidationError({"components": f"Not components of this vendor: {', '.join(foreign)}."})
    return components


def _locked(window: MaintenanceWindow) -> MaintenanceWindow:
    return MaintenanceWindow.objects.select_for_update().get(pk=window.pk)


@dataclass(frozen=True)
class MaintenancePlan:
    """What is announced: the input of ``maintenance_save``. ``vendor_id`` None is the announcing
    vendor user's own vendor. ``announced_at`` None is now for a new window and, for a stored
    one, unchanged (a vendor who moves the times announces them now); only the roles that decide
    on windows record another announcement instant."""

    title: str
    planned_start: datetime.datetime
    planned_end: datetime.datetime
    description: str = ""
    components: tuple[Component, ...] = ()
    vendor_id: int | None = None
    announced_at: datetime.datetime | None = None


def maintenance_plan(window: MaintenanceWindow | None, data: Mapping[str, Any]) -> MaintenancePlan:
    """The plan a form or a request sends (``vendor``, ``title``, ``components``, the planned
    times, ``description``, ``announced_at``); what it leaves out keeps the stored window's value."""
    stored: dict[str, Any] = {}
    if window is not None and window.pk is not None:
        stored = {
            "title": window.title,
            "planned_start": window.planned_start,
            "planned_end": window.planned_end,
            "description": window.description,
            "components": tuple(window.components.all()),
            "vendor_id": window.vendor_id,
        }
    sent = {name: data[name] for name in ("title", "planned_start", "planned_end", "description") if name in data}
    if data.get("components") is not None:
        sent["components"] = tuple(data["components"])
    if data.get("vendor") is not None:
        sent["vendor_id"] = data["vendor"].pk
    if data.get("announced_at") is not None:
        sent["announced_at"] = data["announced_at"]
    return MaintenancePlan(**{**stored, **sent})


@transaction.atomic
def maintenance_save(*, window: MaintenanceWindow | None, plan: MaintenancePlan, actor: User) -> MaintenanceWindow:
    """Announce a window (``window`` None) or change its plan. A vendor's announcement (portal
    or API) awaits a hospital admin's approval, and so does a vendor's change to an approved
    plan; a window a hospital admin records is approved by them. A window stays with the vendor
    it was announced for. Notice is counted from ``announced_at`` (see ``MaintenancePlan``).
    Vendors announce only for their own vendor and change only work still to come."""
    now = timezone.now()
    vendor_id = plan.vendor_id if plan.vendor_id is not None else actor.vendor_id
    if vendor_id is None:
        raise ValidationError({"vendor": "Choose the vendor whose maintenance this is."})
    is_new = window is None
    if is_new:
        window = MaintenanceWindow(vendor_id=vendor_id, announced_by=actor)
    else:
        window = _locked(window)
        if vendor_id != window.vendor_id:
            raise ValidationError({"vendor": "A window stays with the vendor it was announced for."})
    vendor_actor = actor.is_vendor_user
    if vendor_actor and window.vendor_id != actor.vendor_id:
        raise ValidationError({"vendor": "You can announce maintenance for your own company only."})
    require(actor, "maintenance.announce", window)
    decides = can(actor, "maintenance.decide", window)  # whoever approves records an approved plan
    if plan.announced_at is not None and not decides:
        raise ValidationError(
            {"announced_at": "Only hospital admins record when a window was announced; it is now for you."}
        )
    if not is_new and vendor_actor and not _vendor_may_change(window, now):
        raise ValidationError("The planned start has passed; ask the hospital to record any change.")
    moved = (window.planned_start, window.planned_end) != (plan.planned_start, plan.planned_end)
    if is_new:
        window.announced_at = plan.announced_at or now
    elif plan.announced_at is not None:
        window.announced_at = plan.announced_at
    elif vendor_actor and moved:
        window.announced_at = now
    window.title, window.description = plan.title, plan.description
    window.planned_start, window.planned_end = plan.planned_start, plan.planned_end
    if window.announced_at > now + datetime.timedelta(minutes=5):
        raise ValidationError({"announced_at": "The announcement cannot be in the future."})
    if not is_new and window.state in (State.REJECTED, State.CANCELLED):
        raise ValidationError(f"A {window.get_state_display().lower()} window cannot be changed.")
    if decides:
        if window.state == State.PROPOSED:
            window.state, window.decided_by, window.decided_at = State.APPROVED, actor, now
    elif not is_new and window.state == State.APPROVED:
        window.state, window.decided_by, window.decided_at = State.PROPOSED, None, None
    window.full_clean(exclude=["announced_by", "decided_by"])
    checked = _checked_components(window, plan.components)
    window.save()
    window.components.set(checked)
    if window.state == State.PROPOSED:
        notify(
            event=EventType.MAINTENANCE_ANNOUNCED,
            recipients=hospital_users(),
            actor=actor,
            title=f"Maintenance to approve: {window}",
            body=(
                f"{timezone.localtime(window.planned_start):%Y-%m-%d %H:%M} to "
                f"{timezone.localtime(window.planned_end):%Y-%m-%d %H:%M}. {window.description}"
            ).strip(),
            url=reverse("slas:maintenancewindow_detail", args=[window.pk]),
        )
    return window


@transaction.atomic
def maintenance_decide(*, window: MaintenanceWindow, approve: bool, actor: User, note: str = "") -> MaintenanceWindow:
    """A hospital admin approves or rejects a proposed window; the vendor hears of it."""
    require(actor, "maintenance.decide", window)
    window = _locked(window)
    if window.state != State.PROPOSED:
        raise ValidationError(
            f"Only a window awaiting approval can be decided; this one is {window.get_state_display().lower()}."
        )
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why the window is rejected."})
    limits.check_length("note", note.strip(), limits.NOTE_LENGTH)
    window.state = State.APPROVED if approve else State.REJECTED
    window.decided_by, window.decided_at, window.decision_note = actor, timezone.now(), note.strip()
    window.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "updated_at"])
    notify(
        event=EventType.MAINTENANCE_DECIDED,
        recipients=vendor_users(window.vendor_id),
        title=f"Maintenance {window.get_state_display().lower()}: {window}",
        body=window.decision_note,
        url=object_url(window, audience=Audience.VENDOR),
    )
    return window


@transaction.atomic
def maintenance_record_actuals(
    *,
    window: MaintenanceWindow,
    actual_start: datetime.datetime | None,
    actual_end: datetime.datetime | None,
) -> MaintenanceWindow:
    """Record when the work really started and ended (the end may stay empty while it runs)."""
    window = _locked(window)
    if window.state == State.CANCELLED:
        raise ValidationError("A cancelled window has no actual times.")
    if actual_end is not None and actual_start is None:
        raise ValidationError({"actual_start": "Give the actual start with the actual end."})
    now = timezone.now() + datetime.timedelta(minutes=5)
    errors = {
        name: "This cannot be in the future."
        for name, value in (("actual_start", actual_start), ("actual_end", actual_end))
        if value is not None and value > now
    }
    if errors:
        raise ValidationError(errors)
    window.actual_start, window.actual_end = actual_start, actual_end
    window.full_clean(exclude=["announced_by", "decided_by"])
    window.save(update_fields=["actual_start", "actual_end", "updated_at"])
    return window


@transaction.atomic
def maintenance_cancel(*, window: MaintenanceWindow, actor: User) -> MaintenanceWindow:
    """Call off a window whose work has not started (vendors: before its planned start)."""
    require(actor, "maintenance.cancel", window)
    window = _locked(window)
    if window.state in (State.CANCELLED, State.REJECTED):
        raise ValidationError(f"This window is already {window.get_state_display().lower()}.")
    if window.actual_start is not None:
        raise ValidationError("The work has started; record its actual end instead.")
    if is_vendor_user(actor) and not _vendor_may_change(window, timezone.now()):
        raise ValidationError("The planned start has passed; ask the hospital to cancel the window.")
    window.state = State.CANCELLED
    window.save(update_fields=["state", "updated_at"])
    if is_vendor_user(actor):
        recipients, url = hospital_admins(), window.get_absolute_url()
    else:
        recipients, url = vendor_users(window.vendor_id), object_url(window, audience=Audience.VENDOR)
    notify(
        event=EventType.MAINTENANCE_CANCELLED,
        recipients=recipients,
        title=f"Maintenance cancelled: {window}",
        url=url,
        actor=actor,
    )
    return window


@transaction.atomic
def feed_token_regenerate(*, user: User) -> FeedToken:
    """Make the user's calendar-feed token, or replace it: the old subscription URL stops
    working at once (for a link that was shared or leaked)."""
    token, created = FeedToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.regenerate()
    return token
