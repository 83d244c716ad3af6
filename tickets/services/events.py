"""Instants and events of a ticket's history."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from tickets.models import Ticket, TicketEvent


def event_instant(ticket: Ticket | None, at: datetime.datetime | None, *, field: str = "at") -> datetime.datetime:
    """``at`` (default now) for a new event: aware, not in the future, not before the last event.
    A refusal names ``field``, the input the instant came in as."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationError({field: "Give the instant with its UTC offset, e.g. 2026-03-02T09:30:00+01:00."})
    if at > now + datetime.timedelta(seconds=5):
        raise ValidationError({field: "This instant is in the future."})
    if ticket is not None:
        last = ticket.events.order_by("-at").values_list("at", flat=True).first()
        if last is not None and at < last:
            raise ValidationError({field: f"This instant is before the ticket's last event ({last.isoformat()})."})
    return at


def event_record(ticket: Ticket, kind: str, at: datetime.datetime, actor: User | None, **data: object) -> TicketEvent:
    return TicketEvent.objects.create(ticket=ticket, kind=kind, at=at, actor=actor, data=data)
