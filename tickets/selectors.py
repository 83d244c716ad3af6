"""Reads on tickets: lists with their clocks, SLA state, the thread a user may see."""

import datetime
from collections.abc import Sequence

from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from tickets.models import SlaClock, Ticket, TicketEvent, TicketMessage

AT_RISK_PERCENT = 75


def ticket_list() -> QuerySet[Ticket]:
    """Tickets with vendor, component and clocks loaded in a fixed number of queries."""
    return Ticket.objects.select_related("vendor", "component", "agreement__contract").prefetch_related(
        Prefetch("clocks", queryset=SlaClock.objects.order_by("metric"))
    )


def with_sla_state(queryset: QuerySet[Ticket], state: str) -> QuerySet[Ticket]:
    """Filter by SLA state: breached (any clock), paused, at risk (a running clock past 75 % of
    its target, i.e. its 75 % warning has fired or is due), on track (running, none of those)."""
    clocks = SlaClock.objects.filter(ticket=OuterRef("pk"))
    breached = Exists(clocks.filter(state=SlaClock.State.BREACHED))
    paused = Exists(clocks.filter(state=SlaClock.State.PAUSED))
    running = Exists(clocks.filter(state=SlaClock.State.RUNNING))
    # At risk: a running clock with less than a quarter of its target left (measured on the
    # wall clock from its due instant, which is exact for 24x7 and close for business hours).
    share_left = datetime.timedelta(seconds=(100 - AT_RISK_PERCENT) / 100)
    risk_from = ExpressionWrapper(F("due_at") - F("target_seconds") * share_left, output_field=DateTimeField())
    at_risk = Exists(
        clocks.filter(state=SlaClock.State.RUNNING).alias(risk_from=risk_from).filter(risk_from__lte=timezone.now())
    )
    if state == "breached":
        return queryset.filter(breached)
    if state == "paused":
        return queryset.filter(paused).exclude(breached)
    if state == "at_risk":
        return queryset.filter(at_risk).exclude(breached)
    if state == "on_track":
        return queryset.filter(running).exclude(breached).exclude(paused).exclude(at_risk)
    return queryset


def ticket_detail() -> QuerySet[Ticket]:
    """Tickets with their events; callers scope it with ``visible_to``."""
    return ticket_list().prefetch_related(Prefetch("events", queryset=TicketEvent.objects.select_related("actor")))


def ticket_thread(ticket: Ticket, user: object) -> QuerySet[TicketMessage]:
    """The messages of a ticket that ``user`` may read (vendor users: no internal notes)."""
    return ticket.messages.visible_to(user).select_related("author").prefetch_related("attachments")


def clock_misses(
    vendor_id: int, periods: Sequence[tuple[datetime.datetime, datetime.datetime]]
) -> list[dict[tuple[str, str], int]]:
    """Clocks of the vendor's tickets breached in each period, by (severity, metric): what
    ticket-based service credits count. One query for all periods."""
    misses: list[dict[tuple[str, str], int]] = [{} for _ in periods]
    if not periods:
        return misses
    rows = SlaClock.objects.filter(
        ticket__vendor_id=vendor_id,
        state=SlaClock.State.BREACHED,
        breached_at__gte=min(start for start, _ in periods),
        breached_at__lt=max(end for _, end in periods),
    ).values_list("ticket__severity", "metric", "breached_at")
    for severity, metric, breached_at in rows:
        for index, (start, end) in enumerate(periods):
            if start <= breached_at < end:
                key = (severity, metric)
                misses[index][key] = misses[index].get(key, 0) + 1
    return misses
