"""An event as an iCalendar invitation (RFC 5546, iTIP) for mail: REQUEST for a new or changed
event, CANCEL for a cancelled one. The UID stays the same for the life of the event and SEQUENCE
grows with each update, so calendar applications replace the event they hold. Governance
meetings and training sessions send theirs through it, and the meetings feed is built of its
events; the organiser is the desk's sender
address. Built on the ``icalendar`` package, imported only when mailing."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from icalendar import Event


def site_host() -> str:
    """The host name UIDs end with (``SITE_URL``'s)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str
    location: str = ""
    url: str = ""


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.UTC)


def event_component(event: CalendarEvent, *, cancel: bool, stamp: datetime.datetime) -> "Event":
    """The VEVENT of ``event``: an invitation's, or one entry of a calendar feed."""
    from icalendar import Event  # ~80 modules: only when a calendar is made

    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", _utc(stamp))
    entry.add("dtstart", _utc(event.starts_at))
    entry.add("dtend", _utc(event.ends_at))
    entry.add("summary", event.summary)
    entry.add("description", event.description)
    if event.location:
        entry.add("location", event.location)
    entry.add("status", "CANCELLED" if cancel else "CONFIRMED")
    if event.url:
        entry.add("url", event.url)
    return entry


def invitation(
    event: CalendarEvent, *, attendees: Sequence[tuple[str, str]], cancel: bool, stamp: datetime.datetime, prodid: str
) -> bytes:
    """The VCALENDAR of one event for ``attendees`` (name, email)."""
    from icalendar import Calendar, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    entry = event_component(event, cancel=cancel, stamp=stamp)
    sender_name, sender_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{sender_address}")
    organizer.params["cn"] = vText(sender_name or "PACS Vendor Desk")
    entry["organizer"] = organizer
    for name, email in attendees:
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        entry.add("attendee", address, encode=0)
    calendar.add_component(entry)
    return calendar.to_ical()
