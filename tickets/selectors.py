"""Reads on tickets: lists with their clocks, SLA state, the thread a user may see, and the
figures of the KPIs and of the monthly vendor report."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.db import first_with_total
from slas.models import Metric, Severity
from tickets.countdown import AT_RISK_PERCENT, Countdown, countdown
from tickets.models import (
    OPEN_STATUSES,
    ClockOutcomeHour,
    HistoryImport,
    SatisfactionRating,
    SlaClock,
    Ticket,
    TicketEvent,
    TicketMessage,
)


def tickets_with_clocks() -> QuerySet[Ticket]:
    """Tickets with their clocks (and the clocks' calendars, to count a running clock's business
    time): all the API's ticket representation reads."""
    return Ticket.objects.prefetch_related(
        Prefetch("clocks", queryset=SlaClock.objects.select_related("calendar").order_by("metric"))
    )


def ticket_list() -> QuerySet[Ticket]:
    """Tickets with vendor, component and clocks loaded in a fixed number of queries."""
    return tickets_with_clocks().select_related("vendor", "component", "agreement__contract")


def history_imports() -> QuerySet[HistoryImport]:
    """History import jobs with ``error_count`` counted by the database, their error lists
    (up to one per row of 50,000) left unread: the page and API of one job read them."""
    count = Func(F("errors"), function="jsonb_array_length", output_field=IntegerField())
    return HistoryImport.objects.defer("errors").annotate(error_count=count).order_by("-created_at", "-id")


def at_risk_clocks(now: datetime.datetime) -> QuerySet[SlaClock]:
    """Running clocks with less than a quarter of their target left (measured on the wall clock
    from the due instant, which is exact for 24x7 and close for business hours). Found among the
    running clocks due before now plus a quarter of the longest running target, so the read
    costs what the clocks due soon cost, however many run (two partial indexes)."""
    longest = (
        SlaClock.objects.filter(state=SlaClock.State.RUNNING)
        .order_by("-target_seconds")
        .values_list("target_seconds", flat=True)
        .first()
    )
    if longest is None:
        return SlaClock.objects.none()
    share_left = (100 - AT_RISK_PERCENT) / 100
    risk_from = ExpressionWrapper(
        F("due_at") - F("target_seconds") * datetime.timedelta(seconds=share_left), output_field=DateTimeField()
    )
    return (
        SlaClock.objects.filter(
            state=SlaClock.State.RUNNING, due_at__lte=now + datetime.timedelta(seconds=longest * share_left)
        )
        .alias(risk_from=risk_from)
        .filter(risk_from__lte=now)
    )


def with_sla_state(queryset: QuerySet[Ticket], state: str) -> QuerySet[Ticket]:
    """Filter by SLA state: breached (any clock), paused, at risk (a running clock past 75 % of
    its target, i.e. its 75 % warning has fired or is due), on track (running, none of those)."""
    clocks = SlaClock.objects.filter(ticket=OuterRef("pk"))
    breached = Exists(clocks.filter(state=SlaClock.State.BREACHED))
    paused = Exists(clocks.filter(state=SlaClock.State.PAUSED))
    running = Exists(clocks.filter(state=SlaClock.State.RUNNING))
    at_risk = Q(pk__in=at_risk_clocks(timezone.now()).values("ticket_id"))
    if state == "breached":
        return queryset.filter(breached)
    if state == "paused":
        return queryset.filter(paused).exclude(breached)
    if state == "at_risk":
        return queryset.filter(at_risk).exclude(breached)
    if state == "on_track":
        return queryset.filter(running).exclude(breached).exclude(paused).exclude(at_risk)
    return queryset


PRIORITY_SEVERITIES = (Severity.P1, Severity.P2)


def _most_pressing_first(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Breached first, then by the running clock due first (for short lists: a subquery a row)."""
    clocks = SlaClock.objects.filter(ticket=OuterRef("pk"))
    next_due = clocks.filter(state=SlaClock.State.RUNNING).order_by("due_at").values("due_at")[:1]
    return queryset.annotate(
        breached=Exists(clocks.filter(state=SlaClock.State.BREACHED)), next_due=Subquery(next_due)
    ).order_by("-breached", F("next_due").asc(nulls_last=True), "opened_at", "pk")


def _countdowns(tickets: QuerySet[Ticket], now: datetime.datetime, limit: int) -> tuple[list[Countdown], int]:
    """The first ``limit`` tickets' countdowns and how many tickets there are, in one query."""
    rows, total = first_with_total(tickets, limit)
    return [countdown(ticket, now) for ticket in rows], total


def priority_tickets(queryset: QuerySet[Ticket], *, now: datetime.datetime, limit: int) -> tuple[list[Countdown], int]:
    """The first ``limit`` open P1 and P2 tickets of ``queryset`` (``ticket_list()`` scoped by
    the caller), P1 first, then the longest open first (an index walk, however many are open);
    and how many there are. ``tickets_near_breach`` orders by time left."""
    tickets = queryset.filter(status__in=OPEN_STATUSES, severity__in=PRIORITY_SEVERITIES)
    rows = tickets.order_by("severity", "opened_at", "pk")[:limit]
    return [countdown(ticket, now) for ticket in rows], tickets.order_by().count()


def tickets_near_breach(
    queryset: QuerySet[Ticket], *, now: datetime.datetime, limit: int
) -> tuple[list[Countdown], int]:
    """The first ``limit`` open tickets of ``queryset`` (``ticket_list()`` scoped by the caller)
    at risk of breaching, as the ticket list's "at risk" filter finds them, the clock due first
    first; and how many there are."""
    tickets = with_sla_state(queryset.filter(status__in=OPEN_STATUSES), "at_risk")
    return _countdowns(_most_pressing_first(tickets), now, limit)


def tickets_assigned(
    queryset: QuerySet[Ticket], *, user: User, now: datetime.datetime, limit: int
) -> tuple[list[Countdown], int]:
    """The first ``limit`` open tickets of ``queryset`` (``ticket_list()`` scoped by the caller)
    assigned to ``user``, most pressing first; and how many there are."""
    tickets = queryset.filter(status__in=OPEN_STATUSES, assignee_user=user)
    return _countdowns(_most_pressing_first(tickets), now, limit)


def ticket_detail() -> QuerySet[Ticket]:
    """Tickets with their events; callers scope it with ``visible_to``."""
    return ticket_list().prefetch_related(Prefetch("events", queryset=TicketEvent.objects.select_related("actor")))


def ticket_thread(ticket: Ticket, user: User) -> QuerySet[TicketMessage]:
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


# The monthly vendor report's figures: each one SQL statement aggregated in the database
# (GROUP BY, percentile_cont), so a report costs the same few queries at a hundred tickets as at
# a million. Volumes count tickets opened in the period, resolved in it and open at its end; a
# clock counts in the period its outcome fell in (met_at or breached_at, as clock_misses);
# response and resolution times are wall-clock, where SLA compliance is business time. Nothing
# happens to a ticket before it is opened, so each read looks only at tickets opened before the
# period's end (the vendor and opening index).


@dataclass(frozen=True)
class TicketGroup:
    """The tickets of one severity, or one support tier, or all (both None), over a period:
    how many were opened in it, resolved in it and open at its end, and the wall-clock times to
    the first response and to resolution of those responded to or resolved in it."""

    severity: str | None
    tier: str | None
    opened: int
    resolved: int
    open_at_end: int
    responded: int
    response_median: datetime.timedelta | None
    response_p90: datetime.timedelta | None
    resolution_median: datetime.timedelta | None
    resolution_p90: datetime.timedelta | None


TICKET_GROUPS = """
SELECT CASE WHEN GROUPING(severity) = 0 THEN severity END, CASE WHEN GROUPING(tier) = 0 THEN tier END,
       count(*) FILTER (WHERE opened_at >= %(start)s),
       count(*) FILTER (WHERE resolved_at >= %(start)s AND resolved_at < %(end)s),
       count(*) FILTER (WHERE resolved_at IS NULL OR resolved_at >= %(end)s),
       count(*) FILTER (WHERE responded_at >= %(start)s AND responded_at < %(end)s),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY responded_at - opened_at)
           FILTER (WHERE responded_at >= %(start)s AND responded_at < %(end)s),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY responded_at - opened_at)
           FILTER (WHERE responded_at >= %(start)s AND responded_at < %(end)s),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved_at - opened_at)
           FILTER (WHERE resolved_at >= %(start)s AND resolved_at < %(end)s),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY resolved_at - opened_at)
           FILTER (WHERE resolved_at >= %(start)s AND resolved_at < %(end)s)
FROM tickets_ticket
WHERE vendor_id = %(vendor)s AND opened_at < %(end)s
GROUP BY GROUPING SETS ((severity), (tier), ())
"""


def ticket_groups(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> list[TicketGroup]:
    """The vendor's ticket volumes and times from ``start`` to ``end`` per severity, per tier and
    overall (the severity and tier tickets have now), in one query. "Resolved" and "open" follow
    each ticket's latest resolution: a ticket resolved in the period and reopened since counts
    as open."""
    with connection.cursor() as cursor:
        cursor.execute(TICKET_GROUPS, {"vendor": vendor_id, "start": start, "end": end})
        return [TicketGroup(*row) for row in cursor.fetchall()]


def tickets_opened(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> int:
    """How many tickets the vendor opened from ``start`` to ``end``."""
    return Ticket.objects.filter(vendor_id=vendor_id, opened_at__gte=start, opened_at__lt=end).count()


@dataclass(frozen=True)
class ClockOutcomes:
    """Clocks of one severity and metric whose outcome fell in the period."""

    severity: str
    metric: str
    met: int
    breached: int


def _hour_floor(at: datetime.datetime) -> datetime.datetime:
    return at.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def _hour_ceil(at: datetime.datetime) -> datetime.datetime:
    floor = _hour_floor(at)
    return floor if floor == at else floor + datetime.timedelta(hours=1)


def _decided_between(edges: list[tuple[datetime.datetime, datetime.datetime]]) -> Q:
    decided = Q()
    for start, end in edges:
        decided |= Q(state=SlaClock.State.MET, met_at__gte=start, met_at__lt=end)
        decided |= Q(state=SlaClock.State.BREACHED, breached_at__gte=start, breached_at__lt=end)
    return decided


def clock_outcomes(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> list[ClockOutcomes]:
    """The vendor's SLA clocks met or breached from ``start`` to ``end``, by the ticket's
    severity and the metric (response, update, resolution). A status-update clock restarts
    with each vendor update, so only its latest interval's outcome is kept.

    One query, whatever the number of clocks: the whole hours of the period are summed from the
    hourly roll-up (``ClockOutcomeHour``), and only the clocks decided in the part-hours at its
    two ends are counted one by one (through the indexes on ``met_at`` and ``breached_at``)."""
    first_hour, last_hour = _hour_ceil(start), _hour_floor(end)
    if first_hour < last_hour:
        edges = [(a, b) for a, b in ((start, first_hour), (last_hour, end)) if a < b]
    else:
        edges = [(start, end)] if start < end else []
    parts = []
    if first_hour < last_hour:
        parts.append(
            ClockOutcomeHour.objects.filter(vendor_id=vendor_id, hour__gte=first_hour, hour__lt=last_hour)
            .values_list("severity", "metric")
            .annotate(n_met=Sum("met"), n_breached=Sum("breached"))
            .order_by()
        )
    if edges:
        parts.append(
            SlaClock.objects.filter(_decided_between(edges), ticket__vendor_id=vendor_id)
            .values_list("ticket__severity", "metric")
            .annotate(
                n_met=Count("pk", filter=Q(state=SlaClock.State.MET)),
                n_breached=Count("pk", filter=Q(state=SlaClock.State.BREACHED)),
            )
            .order_by()
        )
    if not parts:
        return []
    first, *others = parts
    rows = first.union(*others, all=True) if others else first
    totals: dict[tuple[str, str], list[int]] = {}
    for severity, metric, met, breached in rows:
        counts = totals.setdefault((severity, metric), [0, 0])
        counts[0] += met
        counts[1] += breached
    return [
        ClockOutcomes(severity, metric, met, breached)
        for (severity, metric), (met, breached) in sorted(totals.items())
        if met or breached
    ]


@dataclass(frozen=True)
class Breach:
    ticket_id: int
    title: str
    severity: str
    metric: str
    due_at: datetime.datetime | None
    breached_at: datetime.datetime


def clock_breaches(vendor_id: int, start: datetime.datetime, end: datetime.datetime, *, limit: int) -> list[Breach]:
    """The first ``limit`` of the vendor's clocks breached from ``start`` to ``end``, in the
    order they breached. One query; ``clock_outcomes`` counts them all."""
    rows = (
        SlaClock.objects.filter(
            ticket__vendor_id=vendor_id,
            ticket__opened_at__lt=end,
            state=SlaClock.State.BREACHED,
            breached_at__gte=start,
            breached_at__lt=end,
        )
        .order_by("breached_at", "ticket_id", "metric")
        .values_list("ticket_id", "ticket__title", "ticket__severity", "metric", "due_at", "breached_at")
    )
    return [Breach(*row) for row in rows[:limit]]


def resolution_events(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> tuple[int, int]:
    """How many times the vendor's tickets were resolved, and reopened, from ``start`` to
    ``end`` (events, so a ticket resolved twice counts twice). One query."""
    counts = dict(
        TicketEvent.objects.filter(
            ticket__vendor_id=vendor_id,
            ticket__opened_at__lt=end,
            kind__in=[TicketEvent.Kind.RESOLVED, TicketEvent.Kind.REOPENED],
            at__gte=start,
            at__lt=end,
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    return counts.get(TicketEvent.Kind.RESOLVED, 0), counts.get(TicketEvent.Kind.REOPENED, 0)


def rating_scores(vendor_id: int, start: datetime.datetime, end: datetime.datetime) -> dict[int, int]:
    """How many satisfaction ratings of each score (1 to 5) were given from ``start`` to
    ``end`` on the vendor's tickets. One query."""
    rows = (
        SatisfactionRating.objects.filter(
            ticket__vendor_id=vendor_id, ticket__opened_at__lt=end, rated_at__gte=start, rated_at__lt=end
        )
        .values("score")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("score", "n")
    )
    return dict(rows)
