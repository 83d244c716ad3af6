"""A meeting as an iCalendar invitation (``core.ical``): REQUEST for a new or changed meeting,
CANCEL for a cancelled one; and a user's meetings as a calendar feed (RFC 5545, PUBLISH). The UID
is stable for the meeting and SEQUENCE grows with each update, so calendar applications replace
the event they hold, and a cancelled meeting stays in the feed as CANCELLED."""

import datetime
from collections.abc import Callable, Iterable, Sequence

from core.ical import CalendarEvent, event_component, site_host
from core.ical import invitation as calendar_invitation
from governance.models import Meeting

PRODID = "-//PACS Vendor Desk//Governance meetings//EN"
# Subscribers are asked to look again hourly (Outlook and Apple Calendar honour these).
REFRESH = datetime.timedelta(hours=1)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def _calendar_event(meeting: Meeting, url: str) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting_uid(meeting),
        sequence=meeting.invitation_sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.vendor}: {meeting.series.title}",
        description=f"{meeting.series.get_kind_display()} with {meeting.vendor}.\nAgenda: {url}",
        location=meeting.series.location,
        url=url,
    )


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
        event = event_component(_calendar_event(meeting, detail_url(meeting)), cancel=cancelled, stamp=stamp)
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        calendar.add_component(event)
    return calendar.to_ical()


def invitation(
    meeting: Meeting, *, attendees: Sequence[tuple[str, str]], cancel: bool, stamp: datetime.datetime, url: str
) -> bytes:
    """The VCALENDAR of one meeting for ``attendees`` (name, email)."""
    return calendar_invitation(
        _calendar_event(meeting, url), attendees=attendees, cancel=cancel, stamp=stamp, prodid=PRODID
    )
