"""Writes on incidents: recording and closing them, the post-incident review, follow-up actions
and the discussion with the vendor (whose comments may propose a root cause)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.links import Audience, audience_of, object_url
from core.roles import hospital_admins, hospital_users, is_vendor_user, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notices_for, notify, notify_bulk
from slas.models import FollowUpAction, Incident, IncidentComment, IncidentReview
from vendors.models import Component

# Clocks of the reporting PC and the server may differ a little.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def _checked_components(vendor_id: int | None, components: Iterable[Component], *, required: bool) -> list[Component]:
    components = list(components)
    if required and not components:
        raise ValidationError({"components": "Choose at least one affected component."})
    foreign = [str(c) for c in components if vendor_id is not None and c.vendor_id != vendor_id]
    if foreign:
        raise ValidationError({"components": f"Not components of this vendor: {', '.join(foreign)}."})
    return components


def _local(instant: datetime.datetime) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%d %H:%M}"


def _tell_both_sides(
    incident: Incident, event: str, title: str, body: str, *, actor: User | None = None, level: str = "info"
) -> None:
    """Tell the hospital's users (on the incident's page) and the vendor's portal users (on
    its portal page) of ``event``; each hears of it as their preferences say."""
    common = {"event": event, "title": title, "body": body, "level": level, "actor": actor}
    key = f"{event}:{incident.pk}"
    notify_bulk(
        notices=notices_for(recipients=hospital_users(), url=incident.get_absolute_url(), dedupe_key=key, **common)
        + notices_for(
            recipients=vendor_users(incident.vendor_id),
            url=object_url(incident, audience=Audience.VENDOR),
            dedupe_key=key,
            **common,
        )
    )


def _announce_opened(incident: Incident, actor: User | None) -> None:
    """An outage our probes found is news for everyone who chose to hear of outages (hospital
    admins by default); one recorded by a person is news for the vendor and, in the app, for
    the hospital's admins (not for whoever recorded it)."""
    since = f"{incident.get_impact_display()} since {_local(incident.started_at)}."
    if incident.detected_by == Incident.DetectedBy.MONITORING:
        title = f"Outage detected: {incident}"
        _tell_both_sides(
            incident,
            EventType.MONITORING_INCIDENT_OPENED,
            title,
            f"{since} {incident.summary}".strip(),
            actor=actor,
            level=Notification.Level.DANGER,
        )
    else:
        _tell_both_sides(incident, EventType.INCIDENT_RECORDED, f"New incident {incident}", since, actor=actor)


def _incident_errors(incident: Incident) -> dict[str, list[str]]:
    """What is wrong with the incident's own fields, including the rules about time."""
    errors: dict[str, list[str]] = {}
    try:
        incident.full_clean(exclude=["reported_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    latest = timezone.now() + CLOCK_TOLERANCE
    if incident.started_at is not None and incident.started_at > latest:
        errors.setdefault("started_at", []).append(
            "An incident cannot start in the future; announce planned work as maintenance."
        )
    if incident.ended_at is not None and incident.ended_at > latest:
        errors.setdefault("ended_at", []).append("An incident cannot end in the future.")
    if incident.pk and incident.ended_at is None:
        completed = IncidentReview.objects.filter(incident=incident, status=IncidentReview.Status.COMPLETED)
        if completed.exists():
            errors.setdefault("ended_at", []).append(
                "The review of this incident is completed; reopen the review before reopening the incident."
            )
    return errors


@transaction.atomic
def incident_save(*, incident: Incident, components: Iterable[Component], actor: User | None = None) -> Incident:
    """Create or update an incident with its affected components (at least one, all of the
    incident's vendor). It cannot start or end in the future, and it stays ended while its
    review is completed. Every problem is reported at once; nothing is saved when anything is
    invalid."""
    errors = _incident_errors(incident)
    try:
        checked = _checked_components(incident.vendor_id, components, required=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    is_new = incident.pk is None
    if is_new and incident.reported_by_id is None and getattr(actor, "pk", None):
        incident.reported_by = actor
    incident.save()
    incident.components.set(checked)
    if is_new:
        IncidentReview.objects.create(incident=incident)
        _announce_opened(incident, actor)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, ended_at: datetime.datetime | None = None) -> Incident:
    """End an ongoing incident (now, or at ``ended_at``). The end of an outage our probes found
    is told to those who heard of its start."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.ended_at is not None:
        raise ValidationError("This incident has already ended.")
    ended_at = ended_at or timezone.now()
    if ended_at < incident.started_at:
        raise ValidationError({"ended_at": "An incident cannot end before it starts."})
    if ended_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({"ended_at": "An incident cannot end in the future."})
    incident.ended_at = ended_at
    incident.save(update_fields=["ended_at", "updated_at"])
    if incident.detected_by == Incident.DetectedBy.MONITORING:
        lasted = f"{incident.get_impact_display()} from {_local(incident.started_at)} to {_local(ended_at)}."
        _tell_both_sides(incident, EventType.MONITORING_INCIDENT_CLOSED, f"Outage over: {incident}", lasted)
    return incident


def _review(incident: Incident) -> IncidentReview:
    review, _ = IncidentReview.objects.select_for_update().get_or_create(incident=incident)
    return review


@transaction.atomic
def review_save(
    *, incident: Incident, root_cause: str, what_worked: str, what_to_change: str, status: str
) -> IncidentReview:
    """Save the post-incident review. A completed review needs its root cause and what to
    change, and an incident that has ended."""
    review = _review(incident)
    review.root_cause, review.what_worked, review.what_to_change = root_cause, what_worked, what_to_change
    review.status = status
    if status == IncidentReview.Status.COMPLETED:
        missing = {
            name: "Required to complete the review."
            for name in ("root_cause", "what_to_change")
            if not getattr(review, name).strip()
        }
        # As stored now (locked): the caller's copy may predate an incident_close.
        ended_at = Incident.objects.select_for_update().values_list("ended_at", flat=True).get(pk=incident.pk)
        if ended_at is None:
            missing["status"] = "The incident is still ongoing: end it before completing its review."
        if missing:
            raise ValidationError(missing)
        review.completed_at = review.completed_at or timezone.now()
    else:
        review.completed_at = None
    review.full_clean(exclude=["incident"])
    review.save()
    return review


@transaction.atomic
def root_cause_adopt(*, comment: IncidentComment) -> IncidentReview:
    """Take a comment's proposed root cause into the review."""
    if not comment.proposes_root_cause:
        raise ValidationError("This comment does not propose a root cause.")
    review = _review(comment.incident)
    if review.status == IncidentReview.Status.COMPLETED:
        raise ValidationError("The review is completed; reopen it to change the root cause.")
    review.root_cause = comment.body
    review.save(update_fields=["root_cause", "updated_at"])
    return review


@transaction.atomic
def follow_up_save(*, action: FollowUpAction, actor: User | None = None) -> FollowUpAction:
    """Add or change a follow-up action. It has an owner: a hospital user, a user of the
    incident's vendor, or a name typed in. Marking it done stamps when. A user made its owner
    hears of it (unless they made themselves the owner)."""
    action.full_clean(exclude=["incident", "owner"])
    if not (action.owner_id or action.owner_name.strip()):
        raise ValidationError({"owner": "Name an owner: a user, or a name when they have no account."})
    owner = action.owner if action.owner_id else None
    if owner is not None and is_vendor_user(owner) and owner.vendor_id != action.incident.vendor_id:
        raise ValidationError({"owner": "The owner must be a hospital user or a user of this incident's vendor."})
    if action.status == FollowUpAction.Status.DONE:
        action.done_at = action.done_at or timezone.now()
    else:
        action.done_at = None
    previous_owner_id = (
        FollowUpAction.objects.filter(pk=action.pk).values_list("owner_id", flat=True).first() if action.pk else None
    )
    action.save()
    if owner is not None and owner.pk != previous_owner_id:
        _tell_owner(action, owner, actor)
    return action


def _tell_owner(action: FollowUpAction, owner: User, actor: User | None) -> None:
    incident = action.incident
    due = f" Due {action.due_date:%Y-%m-%d}." if action.due_date else ""
    notify(
        event=EventType.ASSIGNED_TO_ME,
        recipients=[owner],
        title=f"Follow-up action for you on {incident}",
        body=f"{action.description}{due}",
        url=object_url(incident, audience=audience_of(owner)),
        actor=actor,
    )


@transaction.atomic
def comment_add(*, incident: Incident, author: User, body: str, proposes_root_cause: bool = False) -> IncidentComment:
    """Add to the discussion and tell the other side: vendor comments reach hospital admins,
    hospital comments reach the vendor's portal users."""
    if not body.strip():
        raise ValidationError({"body": "Write a comment."})
    limits.check_length("body", body.strip(), limits.MESSAGE_LENGTH)
    comment = IncidentComment.objects.create(
        incident=incident, author=author, body=body.strip(), proposes_root_cause=proposes_root_cause
    )
    from_vendor = is_vendor_user(author)
    what = "proposed a root cause for" if proposes_root_cause else "commented on"
    notify(
        event=EventType.INCIDENT_COMMENT,
        recipients=hospital_admins() if from_vendor else vendor_users(incident.vendor_id),
        title=f"{author} {what} {incident}",
        body=comment.body[:500],
        url=object_url(incident, audience=Audience.HOSPITAL if from_vendor else Audience.VENDOR),
        actor=author,
    )
    return comment
