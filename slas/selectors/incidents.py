"""Reads on incidents for the hospital UI, the portal and the API (scoped by the callers with
``visible_to``; every list loads in a fixed number of queries)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.db import AppNow
from core.roles import ScopedUser
from slas.models import FollowUpAction, Incident, IncidentComment
from vendors.models import Component

# Tickets sit above incidents (tickets.Ticket.incident); the reverse relation names the model.
TICKET_MODEL = Incident._meta.get_field("tickets").related_model


def incident_list() -> QuerySet[Incident]:
    """Incidents with vendor, review and components loaded, and ``duration`` (to now while
    ongoing) annotated so lists can sort by it. "Now" is the application's clock, the one every
    other duration is measured with, not the database server's."""
    return (
        Incident.objects.select_related("vendor", "review")
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.only("id", "name", "vendor_id").order_by("name"))
        )
        .annotate(
            duration=ExpressionWrapper(Coalesce("ended_at", AppNow()) - F("started_at"), output_field=DurationField())
        )
    )


def recent_incident_options(*, vendor_id: int | None, user: ScopedUser | None, days: int) -> list[tuple[int, str]]:
    """One vendor's incidents a ticket may be linked to: ongoing ones and those started in the
    last ``days`` days (not years of history), newest first; none without a vendor."""
    if not vendor_id:
        return []
    recent = Q(ended_at__isnull=True) | Q(started_at__gte=timezone.now() - timedelta(days=days))
    incidents = Incident.objects.visible_to(user).filter(recent, vendor_id=vendor_id).order_by("-started_at")
    return [(incident.pk, str(incident)) for incident in incidents.only("pk", "title")]


def ongoing_incidents() -> QuerySet[Incident]:
    """Incidents not ended yet, the longest-running first."""
    return incident_list().filter(ended_at__isnull=True).order_by("started_at", "pk")


def incident_detail() -> QuerySet[Incident]:
    return incident_list().select_related("reported_by")


def follow_up_list() -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.select_related("owner")


def follow_ups_owned(user: User) -> QuerySet[FollowUpAction]:
    """The open follow-up actions ``user`` owns, the earliest due first (undated last)."""
    return (
        follow_up_list()
        .select_related("incident__vendor")
        .filter(owner=user, status=FollowUpAction.Status.OPEN)
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def incident_follow_ups(incident: Incident) -> QuerySet[FollowUpAction]:
    """Open actions first, by due date."""
    return follow_up_list().filter(incident=incident)


def incident_comments(incident: Incident, user: User) -> QuerySet[IncidentComment]:
    return incident.comments.visible_to(user).select_related("author__vendor")


def incident_tickets(incident: Incident, user: User) -> QuerySet:
    """The tickets linked to the incident that ``user`` may see, oldest first."""
    return incident.tickets.visible_to(user).select_related("vendor").order_by("opened_at", "pk")


def with_api_relations(queryset: QuerySet[Incident], user: User) -> QuerySet[Incident]:
    """What the API representation adds to a list row: follow-ups and linked ticket ids."""
    return queryset.prefetch_related(
        Prefetch("follow_ups", queryset=follow_up_list()),
        Prefetch(
            "tickets",
            queryset=TICKET_MODEL.objects.visible_to(user).only("id", "incident_id").order_by("pk"),
            to_attr="visible_tickets",
        ),
    )


@dataclass(frozen=True)
class IncidentFigures:
    """The vendor's incidents that began in a period and count against it (attributable or
    disputed): how many, and the mean time to restore of those that ended."""

    count: int
    restored: int
    mean_time_to_restore: timedelta | None


def incident_figures(vendor_id: int, start: datetime, end: datetime) -> IncidentFigures:
    """Incidents of the vendor begun from ``start`` to ``end``, those it is not answerable for
    left out (as uptime leaves them out). One query."""
    row = (
        Incident.objects.filter(vendor_id=vendor_id, started_at__gte=start, started_at__lt=end)
        .exclude(vendor_attributable=Incident.Attributable.NO)
        .aggregate(
            count=Count("pk"),
            restored=Count("pk", filter=Q(ended_at__isnull=False)),
            mttr=Avg(
                ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField()),
                filter=Q(ended_at__isnull=False),
            ),
        )
    )
    return IncidentFigures(row["count"], row["restored"], row["mttr"])
