"""Writes on remote access: a vendor engineer's session request, its approval or rejection by a
hospital admin, its actual start and end (by hand, or pushed by the remote-access gateway), and
the append-only access log those steps and the gateway write into."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from compliance.models import AccessLogEntry, RemoteAccessSession
from core import limits
from core.links import Audience, object_url
from core.permissions import require
from core.roles import hospital_admins, vendor_users
from core.text import fit
from notifications.event_types import EventType
from notifications.services.notify import notify
from tickets.models import Ticket
from vendors.models import Component, Vendor

S = RemoteAccessSession
# What this site logs of its own requests (``compliance.middleware``); never pushed from outside.
REQUEST_ACTIONS = frozenset(
    {AccessLogEntry.Action.PAGE, AccessLogEntry.Action.API_CALL, AccessLogEntry.Action.DOWNLOAD}
)


@transaction.atomic
def session_request(
    *,
    vendor: Vendor,
    engineer: str,
    reason: str,
    components: Sequence[Component],
    planned_start: datetime.datetime,
    planned_end: datetime.datetime,
    actor: User,
    method: str = S.Method.GATEWAY,
    ticket: Ticket | None = None,
    change_link: str = "",
) -> RemoteAccessSession:
    """Ask for a remote session in a planned window; hospital admins are told."""
    require(actor, "compliance.remote_request", vendor)
    errors = {}
    if planned_end <= planned_start:
        errors["planned_end"] = "The planned end must be after the planned start."
    if ticket is not None and ticket.vendor_id != vendor.pk:
        errors["ticket"] = f"Ticket {ticket.pk} is not a ticket of {vendor}."
    if not components:
        errors["components"] = "Name the systems the engineer connects to."
    foreign = [c for c in components if c.vendor_id != vendor.pk]
    if foreign:
        errors["components"] = f"{foreign[0]} is not a component of {vendor}."
    if errors:
        raise ValidationError(errors)
    session = S(
        vendor=vendor,
        engineer=engineer,
        reason=reason,
        ticket=ticket,
        change_link=change_link,
        method=method,
        planned_start=planned_start,
        planned_end=planned_end,
        requested_by=actor,
    )
    session.full_clean()
    session.save()
    session.components.set(components)
    notify(
        event=EventType.REMOTE_ACCESS_REQUESTED,
        recipients=hospital_admins(),
        title=f"{vendor}: remote access requested for {timezone.localtime(planned_start):%Y-%m-%d %H:%M}",
        body=f"{engineer}: {reason}",
        url=session.get_absolute_url(),
        actor=actor,
    )
    return session


@transaction.atomic
def session_decide(*, session: RemoteAccessSession, approve: bool, note: str, actor: User) -> RemoteAccessSession:
    """Approve or reject a requested session; the vendor's users are told. A session whose window
    is over, or that already ended, is not decided any more."""
    require(actor, "compliance.remote_decide", session)
    session = S.objects.select_for_update().select_related("vendor").get(pk=session.pk)
    if session.status != S.Status.REQUESTED:
        raise ValidationError(f"This session is {session.get_status_display().lower()} already.")
    if session.ended_at is not None:
        raise ValidationError("This session has already ended: it can no longer be approved or rejected.")
    if session.planned_end <= timezone.now():
        raise ValidationError("Its planned window is over: ask for a new one.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why: the vendor reads it."})
    limits.check_length("note", note, limits.NOTE_LENGTH)
    session.status = S.Status.APPROVED if approve else S.Status.REJECTED
    session.decided_by = actor
    session.decided_at = timezone.now()
    session.decision_note = note.strip()
    session.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    notify(
        event=EventType.REMOTE_ACCESS_DECIDED,
        recipients=vendor_users(session.vendor_id),
        title=f"Remote access {session.get_status_display().lower()}: {session.engineer}, "
        f"{timezone.localtime(session.planned_start):%Y-%m-%d %H:%M}",
        body=session.decision_note,
        url=object_url(session, audience=Audience.VENDOR),
        actor=actor,
    )
    return session


def _log(session: RemoteAccessSession, action: str, at: datetime.datetime, actor: User, detail: str) -> None:
    systems = ", ".join(c.name for c in session.components.all()) or "—"
    AccessLogEntry.objects.create(
        at=at,
        vendor_id=session.vendor_id,
        user=actor if actor.vendor_id == session.vendor_id else session.requested_by,
        actor=session.engineer,
        system=fit(systems, 200),
        action=action,
        source_ip=session.source_ip,
        session=session,
        detail=fit(detail, 500),
    )


@transaction.atomic
def session_start(
    *, session: RemoteAccessSession, at: datetime.datetime, actor: User, source_ip: str | None = None
) -> RemoteAccessSession:
    """Record that the session started (a session without approval may start: it is flagged).
    The access log gets the entry."""
    require(actor, "compliance.remote_record", session)
    session = S.objects.select_for_update().get(pk=session.pk)
    if session.started_at is not None:
        raise ValidationError({"at": "Its start is recorded already."})
    if at > timezone.now():
        raise ValidationError({"at": "This instant is in the future."})
    session.started_at = at
    session.source_ip = source_ip or None
    session.save(update_fields=["started_at", "source_ip", "updated_at"])
    _log(session, AccessLogEntry.Action.SESSION_START, at, actor, session.reason)
    return session


@transaction.atomic
def session_end(
    *, session: RemoteAccessSession, at: datetime.datetime, summary: str, actor: User
) -> RemoteAccessSession:
    """Record that the session ended, with what was done; the access log gets the entry."""
    require(actor, "compliance.remote_record", session)
    session = S.objects.select_for_update().get(pk=session.pk)
    if session.started_at is None:
        raise ValidationError({"at": "Record its start first."})
    if session.ended_at is not None:
        raise ValidationError({"at": "Its end is recorded already."})
    if at < session.started_at:
        raise ValidationError({"at": "A session ends after it started."})
    if at > timezone.now():
        raise ValidationError({"at": "This instant is in the future."})
    if not summary.strip():
        raise ValidationError({"summary": "Say what was done."})
    limits.check_length("summary", summary, limits.MESSAGE_LENGTH)
    session.ended_at = at
    session.summary = summary.strip()
    session.save(update_fields=["ended_at", "summary", "updated_at"])
    _log(session, AccessLogEntry.Action.SESSION_END, at, actor, session.summary)
    return session


@dataclass(frozen=True)
class LoggedAccess:
    """One access as the gateway reports it."""

    at: datetime.datetime
    vendor: Vendor
    actor: str
    system: str
    action: str
    source_ip: str | None = None
    session: RemoteAccessSession | None = None
    detail: str = ""


@transaction.atomic
def access_log_append(*, entries: Sequence[LoggedAccess], actor: User) -> list[AccessLogEntry]:
    """Append what the remote-access gateway pushes, all or nothing."""
    require(actor, "compliance.access_log_push")
    now = timezone.now()
    rows = []
    for number, entry in enumerate(entries):
        if entry.at > now:
            raise ValidationError({"entries": f"Entry {number + 1}: its instant is in the future."})
        if entry.action in REQUEST_ACTIONS:
            raise ValidationError(
                {"entries": f"Entry {number + 1}: requests to this site are logged by the site itself."}
            )
        if entry.session is not None and entry.session.vendor_id != entry.vendor.pk:
            raise ValidationError({"entries": f"Entry {number + 1}: the session is not one of {entry.vendor}."})
        rows.append(
            AccessLogEntry(
                at=entry.at,
                vendor=entry.vendor,
                actor=entry.actor,
                system=entry.system,
                action=entry.action,
                source_ip=entry.source_ip or None,
                session=entry.session,
                detail=entry.detail,
            )
        )
    return AccessLogEntry.objects.bulk_create(rows)
