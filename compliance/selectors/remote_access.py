"""Reads of remote access: sessions with their flags, and the vendor access log."""

import datetime

from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.remote_access_rules import Flag, session_flags
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
