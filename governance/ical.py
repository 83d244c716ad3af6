"""A meeting as an iCalendar invitation (RFC 5546, iTIP): REQUEST for a new or changed meeting,
CANCEL for a cancelled one. The UID is stable for the meeting and SEQUENCE grows with each
update, so calendar applications replace the event they hold. Built on the ``icalendar``
package, as the maintenance feed (``slas.ical``), whose host name it shares."""

import datetime
from collections.abc import Sequence
from email.utils import parseaddr

from django.conf import settings

from governance.models import Meeting
from slas.ical import site_host

PRODID = "-//PACS Vendor Desk//Governance meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.UTC)


def invitation(
    meeting: Meeting, *, attendees: Sequence[tuple[str, str]], cancel: bool, stamp: datetime.datetime, url: str
) -> bytes:
    """The VCALENDAR of one meeting for ``attendees`` (name, email); the organiser is the
    desk's sender address."""
    from icalendar import Calendar, Event, vCalAddress, vText  # ~80 modules: only when mailing

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
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
