"""Reads on tickets: lists with their clocks, SLA state, the thread a user may see."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from slas.models import Metric
from tickets.models import SatisfactionRating, SlaClock, Ticket, TicketEvent, TicketMessage

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


@dataclass(frozen=True)
class TicketFigures:
    """One vendor's ticket figures over a period: what the computed KPIs are made of."""

    opened: int = 0
    responses_met: int = 0
    responses_decided: int = 0  # response clocks met or breached in the period
    resolutions_met: int = 0
    resolutions_decided: int = 0
    median_response_minutes: float | None = None
    resolved: int = 0
    reopened: int = 0
    ratings: int = 0
    rating_mean: float | None = None


MEDIAN_RESPONSE = """
SELECT vendor_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM responded_at - opened_at) / 60)
FROM tickets_ticket
WHERE vendor_id = ANY(%s) AND responded_at >= %s AND responded_at < %s
GROUP BY vendor_id
"""


def ticket_figures(
    vendor_ids: Sequence[int], start: datetime.datetime, end: datetime.datetime
) -> dict[int, TicketFigures]:
    """Ticket figures of each vendor from ``start`` to ``end``, in five queries for all vendors.
    A clock counts in the period its outcome (met or breached) fell in."""
    figures: dict[int, dict[str, object]] = {vendor_id: {} for vendor_id in vendor_ids}
    opened = (
        Ticket.objects.filter(vendor_id__in=vendor_ids, opened_at__gte=start, opened_at__lt=end)
        .values("vendor_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in opened:
        figures[row["vendor_id"]]["opened"] = row["n"]
    clocks = (
        SlaClock.objects.filter(
            ticket__vendor_id__in=vendor_ids,
            metric__in=[Metric.RESPONSE, Metric.RESOLUTION],
            state__in=[SlaClock.State.MET, SlaClock.State.BREACHED],
        )
        .annotate(outcome_at=Coalesce("met_at", "breached_at"))
        .filter(outcome_at__gte=start, outcome_at__lt=end)
        .values("ticket__vendor_id", "metric")
        .annotate(decided=Count("pk"), met=Count("pk", filter=Q(state=SlaClock.State.MET)))
        .order_by()
    )
    for row in clocks:
        prefix = "responses" if row["metric"] == Metric.RESPONSE else "resolutions"
        figures[row["ticket__vendor_id"]][f"{prefix}_met"] = row["met"]
        figures[row["ticket__vendor_id"]][f"{prefix}_decided"] = row["decided"]
    with connection.cursor() as cursor:
        cursor.execute(MEDIAN_RESPONSE, [list(vendor_ids), start, end])
        for vendor_id, median in cursor.fetchall():
            figures[vendor_id]["median_response_minutes"] = float(median)
    events = (
        TicketEvent.objects.filter(
            ticket__vendor_id__in=vendor_ids,
            kind__in=[TicketEvent.Kind.RESOLVED, TicketEvent.Kind.REOPENED],
            at__gte=start,
            at__lt=end,
        )
        .values("ticket__vendor_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in events:
        figures[row["ticket__vendor_id"]][row["kind"]] = row["n"]
    ratings = (
        SatisfactionRating.objects.filter(ticket__vendor_id__in=vendor_ids, rated_at__gte=start, rated_at__lt=end)
        .values("ticket__vendor_id")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by()
    )
    for row in ratings:
        figures[row["ticket__vendor_id"]].update(ratings=row["n"], rating_mean=float(row["mean"]))
    return {vendor_id: TicketFigures(**values) for vendor_id, values in figures.items()}
