"""Who hears of what happens to a ticket; how each hears of it is their own choice
(``notifications``): an urgent ticket is news for the hospital and the vendor, a reply or the
resolution is news for whoever reported the ticket."""

from accounts.models import User
from core.links import Audience, object_url
from core.roles import hospital_users, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notices_for, notify, notify_bulk
from slas.models import Severity
from tickets.models import Ticket

URGENT = {
    Severity.P1: (EventType.TICKET_P1_OPENED, Notification.Level.DANGER),
    Severity.P2: (EventType.TICKET_P2_OPENED, Notification.Level.WARNING),
}


def _impact(ticket: Ticket) -> str:
    facts = [ticket.description.strip()[:400]]
    if ticket.patient_safety_risk:
        facts.append("Patient safety at risk.")
    if ticket.downtime_procedure_invoked:
        facts.append("Downtime procedure invoked.")
    if ticket.sites_affected:
        facts.append(f"Sites: {ticket.sites_affected}.")
    return "\n".join(fact for fact in facts if fact)


def urgent_ticket_announce(*, ticket: Ticket, actor: User | None = None, raised_from: str = "") -> None:
    """A P1 or P2 ticket, opened as such or raised to it, is told to the hospital's users and
    the vendor's portal users (not to whoever opened or raised it), once per ticket and
    severity. Other severities tell nobody."""
    if ticket.severity not in URGENT:
        return
    event, level = URGENT[ticket.severity]
    what = f"raised from {raised_from} to {ticket.severity}" if raised_from else "opened"
    common = {
        "event": event,
        "title": f"{ticket.severity} ticket {what}: #{ticket.pk} {ticket.title} ({ticket.vendor})",
        "body": _impact(ticket),
        "level": level,
        "dedupe_key": f"ticket-urgent:{ticket.pk}:{ticket.severity}",
        "actor": actor,
    }
    notify_bulk(
        notices=notices_for(recipients=hospital_users(), url=ticket.get_absolute_url(), **common)
        + notices_for(
            recipients=vendor_users(ticket.vendor_id),
            url=object_url(ticket, audience=Audience.VENDOR),
            **common,
        )
    )


def reporter_tell_answered(*, ticket: Ticket, by: User, body: str) -> None:
    """The vendor answered on the thread: the ticket's reporter hears of it."""
    if ticket.reporter_id is None:
        return
    notify(
        event=EventType.REPORTED_TICKET_ANSWERED,
        recipients=[ticket.reporter],
        title=f"{by} replied on ticket #{ticket.pk}: {ticket.title}",
        body=body.strip()[:500],
        url=ticket.get_absolute_url(),
        actor=by,
    )
