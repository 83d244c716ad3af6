"""Writes on security incidents: reporting one (the vendor in the portal or the API, or a hospital
admin), the timeline of updates from both sides, recording the notifications that stop the clocks,
and closing it with its root cause. Each step tells the other side."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from compliance.breach_clocks import STATE_LABELS
from compliance.models import SecurityIncident, SecurityIncidentUpdate
from compliance.selectors.terms import breach_deadline_hours
from core import limits
from core.links import Audience, object_url
from core.permissions import can, require
from core.roles import hospital_admins, is_vendor_user, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notices_for, notify_bulk
from vendors.models import Component, Vendor

# Which notification stops which clock: the field it fills, the clock's key.
NOTIFIED = {"vendor": ("reported_at", "vendor"), "authority": ("authority_notified_at", "regulator")}


def tell_both_sides(
    incident: SecurityIncident,
    *,
    event: str,
    title: str,
    body: str,
    actor: User | None,
    level: str = Notification.Level.WARNING,
    dedupe_key: str = "",
    vendor_too: bool = True,
) -> int:
    """Tell the hospital admins and (unless ``vendor_too`` is false) the vendor's users, each with
    the link of their own side; the actor is not told."""
    notices = notices_for(
        event=event,
        recipients=hospital_admins(),
        title=title,
        body=body,
        url=incident.get_absolute_url(),
        level=level,
        dedupe_key=dedupe_key,
        actor=actor,
    )
    if vendor_too:
        notices += notices_for(
            event=event,
            recipients=vendor_users(incident.vendor_id),
            title=title,
            body=body,
            url=object_url(incident, audience=Audience.VENDOR),
            level=level,
            dedupe_key=dedupe_key,
            actor=actor,
        )
    return len(notify_bulk(notices=notices))


def _not_in_future(errors: dict[str, str], now: datetime.datetime, **instants: datetime.datetime | None) -> None:
    for field, instant in instants.items():
        if instant is not None and instant > now:
            errors.setdefault(field, "This instant is in the future.")


@transaction.atomic
def incident_report(
    *,
    vendor: Vendor,
    title: str,
    kind: str,
    severity: str,
    description: str,
    vendor_aware_at: datetime.datetime,
    actor: User,
    data_affected: str = "",
    patients_affected: int | None = None,
    components: Sequence[Component] = (),
    occurred_at: datetime.datetime | None = None,
    reported_at: datetime.datetime | None = None,
    hospital_aware_at: datetime.datetime | None = None,
) -> SecurityIncident:
    """Record a security incident. A vendor user reports it: the vendor has told us now, and our
    own awareness starts now. A hospital admin records one learnt of (from the vendor or from
    elsewhere): when we knew (default now) and when the vendor told us (empty: not yet). The
    vendor's deadline is frozen from the agreement's terms in effect on the day the vendor noticed.
    Instants "now" are to the minute."""
    require(actor, "compliance.incident_report", vendor)
    now = timezone.now()
    # "Now" to the minute, as every instant people enter is (a step recorded "now" on the
    # incident's page is never before it), and never before the vendor noticed.
    stamp = max(now.replace(second=0, microsecond=0), min(vendor_aware_at, now))
    if is_vendor_user(actor):
        reported_at = hospital_aware_at = stamp
    hospital_aware_at = hospital_aware_at or stamp
    incident = SecurityIncident(
        vendor=vendor,
        title=title,
        kind=kind,
        severity=severity,
        description=description,
        data_affected=data_affected,
        patients_affected=patients_affected,
        occurred_at=occurred_at,
        vendor_aware_at=vendor_aware_at,
        reported_at=reported_at,
        hospital_aware_at=hospital_aware_at,
        reported_by=actor,
        vendor_deadline_hours=breach_deadline_hours(vendor.pk, day=timezone.localdate(vendor_aware_at)),
    )
    errors = incident.instants_in_order()
    _not_in_future(
        errors,
        now,
        occurred_at=occurred_at,
        vendor_aware_at=vendor_aware_at,
        reported_at=reported_at,
        hospital_aware_at=hospital_aware_at,
    )
    foreign = [c for c in components if c.vendor_id != vendor.pk]
    if foreign:
        errors["components"] = f"{foreign[0]} is not a component of {vendor}."
    if errors:
        raise ValidationError(errors)
    incident.full_clean()
    incident.save()
    incident.components.set(components)
    tell_both_sides(
        incident,
        event=EventType.SECURITY_INCIDENT_REPORTED,
        title=f"{vendor}: security incident “{incident}” ({incident.get_severity_display().lower()})",
        body=incident.description,
        actor=actor,
        level=Notification.Level.DANGER,
    )
    return incident


def _locked(incident: SecurityIncident) -> SecurityIncident:
    incident = SecurityIncident.objects.select_for_update().select_related("vendor").get(pk=incident.pk)
    if incident.is_closed:
        raise ValidationError("This incident is closed.")
    return incident


def _entry(incident: SecurityIncident, kind: str, body: str, actor: User) -> SecurityIncidentUpdate:
    return SecurityIncidentUpdate.objects.create(
        incident=incident, kind=kind, body=body, author=actor, at=timezone.now()
    )


@transaction.atomic
def incident_update_post(
    *, incident: SecurityIncident, body: str, actor: User, status: str = ""
) -> SecurityIncidentUpdate:
    """Add an update to the timeline (forensics, containment, remediation steps). A hospital admin
    may also confirm the incident (or set it back to suspected) with it."""
    require(actor, "compliance.incident_update", incident)
    incident = _locked(incident)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Say what is new: findings, containment, remediation."})
    limits.check_length("body", body, limits.MESSAGE_LENGTH)
    kind = SecurityIncidentUpdate.Kind.UPDATE
    if status and status != incident.status:
        if not can(actor, "compliance.incident_manage", incident):
            raise ValidationError({"status": "Only the hospital's admins change an incident's status."})
        if status not in (SecurityIncident.Status.SUSPECTED, SecurityIncident.Status.CONFIRMED):
            raise ValidationError({"status": "Choose suspected or confirmed; close it with its root cause."})
        incident.status = status
        incident.save(update_fields=["status", "updated_at"])
        kind = SecurityIncidentUpdate.Kind.STATUS
        body = f"{incident.get_status_display()}. {body}"
    entry = _entry(incident, kind, body, actor)
    tell_both_sides(
        incident,
        event=EventType.SECURITY_INCIDENT_UPDATED,
        title=f"{incident.vendor}: update on the security incident “{incident}”",
        body=body,
        actor=actor,
        level=Notification.Level.INFO,
    )
    return entry


@transaction.atomic
def incident_notification_record(
    *, incident: SecurityIncident, which: str, at: datetime.datetime, actor: User, reference: str = ""
) -> SecurityIncident:
    """Record a notification that stops a clock: ``vendor`` (the vendor told us, when it was
    recorded without) or ``authority`` (we told the supervisory authority, with its reference)."""
    require(actor, "compliance.incident_manage", incident)
    incident = _locked(incident)
    if which not in NOTIFIED:
        raise ValidationError({"which": "Choose the vendor's notification or the authority's."})
    field, clock_key = NOTIFIED[which]
    if getattr(incident, field) is not None:
        raise ValidationError({"at": "This notification is recorded already."})
    setattr(incident, field, at)
    if which == "authority":
        limits.check_length("reference", reference, 120)
        incident.authority_reference = reference.strip()
    errors = incident.instants_in_order()
    _not_in_future(errors, timezone.now(), **{field: at})
    if errors:
        raise ValidationError({"at": next(iter(errors.values()))})
    incident.save(update_fields=[field, "authority_reference", "updated_at"])
    clock = next(c for c in incident.clocks if c.key == clock_key)
    verdict = STATE_LABELS[clock.state(timezone.now())].lower()
    who = "The vendor told us" if which == "vendor" else "We told the authority"
    body = f"{who} at {timezone.localtime(at):%Y-%m-%d %H:%M} ({verdict})."
    if incident.authority_reference and which == "authority":
        body += f" Reference: {incident.authority_reference}."
    _entry(incident, SecurityIncidentUpdate.Kind.NOTIFIED, body, actor)
    tell_both_sides(
        incident,
        event=EventType.SECURITY_INCIDENT_UPDATED,
        title=f"{incident.vendor}: {who.lower()} of “{incident}”",
        body=body,
        actor=actor,
        level=Notification.Level.INFO,
    )
    return incident


@transaction.atomic
def incident_close(
    *, incident: SecurityIncident, root_cause: str, lessons_learned: str, actor: User
) -> SecurityIncident:
    """Close an incident with its root cause (required) and the lessons learned; its clocks stop
    warning."""
    require(actor, "compliance.incident_manage", incident)
    incident = _locked(incident)
    root_cause = root_cause.strip()
    if not root_cause:
        raise ValidationError({"root_cause": "Say what caused it: an incident closes with its root cause."})
    limits.check_length("root_cause", root_cause, limits.MESSAGE_LENGTH)
    limits.check_length("lessons_learned", lessons_learned, limits.MESSAGE_LENGTH)
    incident.status = SecurityIncident.Status.CLOSED
    incident.closed_at = timezone.now()
    incident.root_cause = root_cause
    incident.lessons_learned = lessons_learned.strip()
    incident.save(update_fields=["status", "closed_at", "root_cause", "lessons_learned", "updated_at"])
    _entry(incident, SecurityIncidentUpdate.Kind.CLOSED, f"Closed. Root cause: {root_cause}", actor)
    tell_both_sides(
        incident,
        event=EventType.SECURITY_INCIDENT_UPDATED,
        title=f"{incident.vendor}: security incident “{incident}” closed",
        body=f"Root cause: {root_cause}",
        actor=actor,
        level=Notification.Level.INFO,
    )
    return incident
