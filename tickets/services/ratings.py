"""Satisfaction: a rating request by signed link on resolution, and one rating per ticket."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from notifications.event_types import EventType
from notifications.services.notify import notify
from tickets.models import SatisfactionRating, Status, Ticket, TicketEvent
from tickets.services.events import event_instant

RATING_SALT = "tickets.rating"
RATING_LINK_DAYS = 30


def rating_token(ticket: Ticket) -> str:
    return signing.dumps({"ticket": ticket.pk}, salt=RATING_SALT)


def ticket_from_rating_token(token: str) -> Ticket:
    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=datetime.timedelta(days=RATING_LINK_DAYS))
    except signing.BadSignature as error:
        raise ValidationError("This rating link is invalid or has expired.") from error
    return Ticket.objects.get(pk=data["ticket"])


def rating_request_send(*, ticket: Ticket) -> None:
    """Tell the reporter their ticket was resolved, with a signed link to rate the support
    (single use: one rating per ticket), as "Ticket you reported resolved"."""
    if ticket.reporter is None:
        return
    notify(
        event=EventType.REPORTED_TICKET_RESOLVED,
        recipients=[ticket.reporter],
        title=f"Ticket #{ticket.pk} resolved: how was the support?",
        body=(
            f"Your ticket “{ticket.title}” with {ticket.vendor} was resolved.\n\n"
            f"Rate the support from 1 to 5 at the link below (one click, no sign-in needed). "
            f"The link works once and for {RATING_LINK_DAYS} days."
        ),
        url=reverse("tickets:rate", kwargs={"token": rating_token(ticket)}),
    )


@transaction.atomic
def ticket_rate(
    *, ticket: Ticket, by: User | None, score: int, comment: str = "", at: datetime.datetime | None = None
) -> SatisfactionRating:
    """One rating per ticket, 1 to 5, once it is resolved."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise ValidationError("A ticket can be rated once it is resolved.")
    at = event_instant(ticket, at)
    rating = SatisfactionRating(ticket=ticket, score=score, comment=comment, rated_by=by, rated_at=at)
    rating.full_clean(exclude=["ticket"], validate_unique=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as error:
        raise ValidationError("This ticket has already been rated.") from error
    TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.RATED, at=at, actor=by, data={"score": score})
    return rating
