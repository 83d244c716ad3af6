"""Reads of remote access: sessions with their flags, and the vendor access log."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.remote_access_rules import Flag, session_flags
from core.months import month_bounds
from core.roles import ScopedUser
from tickets.selectors import ticket_list

S = RemoteAccessSession


def flag_conditions(now: datetime.datetime) -> dict[Flag, Q]:
    """Each flag of ``compliance.remote_access_rules`` as a condition on sessions (the same rules,
    for filtering and counting in SQL)."""
    started = Q(started_at__isnull=False)
    return {
        Flag.UNAPPROVED: started & ~Q(status=S.Status.APPROVED),
        Flag.OUTSIDE_WINDOW: started & (Q(started_at__lt=F("planned_start")) | Q(effective_end__gt=F("planned_end"))),
        Flag.NO_TICKET: Q(ticket__isnull=True, change_link=""),
    }


def session_list(*, now: datetime.datetime) -> QuerySet[RemoteAccessSession]:
    """Sessions with ``flagged`` (any flag) and ``effective_end`` (the end, or now while open)."""
    conditions = flag_conditions(now)
    any_flag = conditions[Flag.UNAPPROVED] | conditions[Flag.OUTSIDE_WINDOW] | conditions[Flag.NO_TICKET]
    return (
        S.objects.select_related("vendor", "ticket")
        .annotate(effective_end=Coalesce("ended_at", Value(now, output_field=DateTimeField())))
        .annotate(flagged=ExpressionWrapper(any_flag, output_field=BooleanField()))
    )


def flags_of(session: RemoteAccessSession, *, now: datetime.datetime) -> list[Flag]:
    return session_flags(
        approved=session.status == S.Status.APPROVED,
        planned_start=session.planned_start,
        planned_end=session.planned_end,
        started_at=session.started_at,
        ended_at=session.ended_at,
        has_ticket=session.ticket_id is not None or bool(session.change_link),
        now=now,
    )


def access_log() -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.select_related("vendor")


def ticket_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """The vendor's tickets a session may be for, newest first (through ``tickets.selectors``)."""
    if not vendor_id:
        return []
    tickets = ticket_list().prefetch_related(None).select_related(None).visible_to(user).filter(vendor_id=vendor_id)
    tickets = tickets.only("pk", "title").order_by("-pk")[:200]
    return [(ticket.pk, f"#{ticket.pk} {ticket.title}") for ticket in tickets]


A = AccessLogEntry.Action
REQUEST_COUNTS = {
    "entries": Count("id"),
    "pages": Count("id", filter=Q(action=A.PAGE)),
    "api_calls": Count("id", filter=Q(action=A.API_CALL)),
    "downloads": Count("id", filter=Q(action=A.DOWNLOAD)),
    "refused": Count("id", filter=Q(status__gte=400)),
}


@dataclass(frozen=True)
class AccessMonth:
    """A vendor's month of access for auditors: its remote sessions with their flags, and the log
    counted per person and per system (each a list of dicts of the counts in ``REQUEST_COUNTS``)."""

    month: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    sessions: list[tuple[RemoteAccessSession, list[Flag]]]
    per_user: list[dict[str, Any]]
    per_system: list[dict[str, Any]]
    totals: dict[str, int]

    @property
    def flagged(self) -> list[tuple[RemoteAccessSession, list[Flag]]]:
        return [(session, flags) for session, flags in self.sessions if flags]


def access_month(vendor_id: int, month: datetime.date, *, now: datetime.datetime) -> AccessMonth:
    """``vendor_id``'s access in ``month`` (hospital time): three queries on the log's partitions
    of that month, one on sessions planned or started in it."""
    start, end = month_bounds(month)
    entries = AccessLogEntry.objects.filter(vendor_id=vendor_id, at__gte=start, at__lt=end).order_by()
    per_user = list(entries.values("actor").annotate(**REQUEST_COUNTS).order_by("-entries", "actor"))
    per_system = list(entries.values("system").annotate(**REQUEST_COUNTS).order_by("-entries", "system"))
    totals = entries.aggregate(**REQUEST_COUNTS)
    in_month = Q(planned_start__gte=start, planned_start__lt=end) | Q(started_at__gte=start, started_at__lt=end)
    sessions = session_list(now=now).filter(in_month, vendor_id=vendor_id).order_by("planned_start", "pk")
    return AccessMonth(
        month=month,
        start=start,
        end=end,
        sessions=[(session, flags_of(session, now=now)) for session in sessions],
        per_user=per_user,
        per_system=per_system,
        totals=totals,
    )
