"""A meeting as an iCalendar invitation (RFC 5546, iTIP): REQUEST for a new or changed meeting,
CANCEL for a cancelled one; and a user's meetings as a calendar feed (RFC 5545, PUBLISH). The UID
is stable for the meeting and SEQUENCE grows with each update, so calendar applications replace
the event they hold, and a cancelled meeting stays in the feed as CANCELLED. Built on the
``icalendar`` package, as the maintenance feed (``slas.ical``), whose host name it shares."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings

from governance.models import Meeting
from slas.ical import site_host

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//PACS Vendor Desk//Governance meetings//EN"
# Subscribers are asked to look again hourly (Outlook and Apple Calendar honour these).
REFRESH = datetime.timedelta(hours=1)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.UTC)


def _event(meeting: Meeting, *, cancel: bool, stamp: datetime.datetime, url: str) -> "Event":
    from icalendar import Event

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.invitation_sequence)
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", f"{meeting.vendor}: {meeting.series.title}")
    event.add("description", f"{meeting.series.get_kind_display()} with {meeting.vendor}.\nAgenda: {url}")
    if meeting.series.location:
        event.add("location", meeting.series.location)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("url", url)
    return event


def meetings_feed(
    meetings: Iterable[Meeting], *, name: str, detail_url: Callable[[Meeting], str], stamp: datetime.datetime
) -> bytes:
    """The meetings as one VCALENDAR to subscribe to: a moved meeting carries its new time and a
    higher SEQUENCE, a cancelled one STATUS:CANCELLED; ``detail_url`` gives each event's link."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", REFRESH)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        cancelled = meeting.status == Meeting.Status.CANCELLED
        event = _event(meeting, cancel=cancelled, stamp=stamp, url=detail_url(meeting))
        event.add("last-modified", _utc(meeting.updated_at))
        calendar.add_component(event)
    return calendar.to_ical()


def invitation(
    meeting: Meeting, *, attendees: Sequence[tuple[str, str]], cancel: bool, stamp: datetime.datetime, url: str
) -> bytes:
    """The VCALENDAR of one meeting for ``attendees`` (name, email); the organiser is the
    desk's sender address."""
    from icalendar import Calendar, vCalAddress, vText  # ~80 modules: only when mailing

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = _event(meeting, cancel=cancel, stamp=stamp, url=url)
    sender_name, sender_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{sender_address}")
    organizer.params["cn"] = vText(sender_name or "PACS Vendor Desk")
    event["organizer"] = organizer
    for name, email in attendees:
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
