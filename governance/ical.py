"""A meeting as an iCalendar invitation (``core.ical``): REQUEST for a new or changed meeting,
CANCEL for a cancelled one, with a UID stable for the meeting and the SEQUENCE of its updates."""

import datetime
from collections.abc import Sequence

from core.ical import CalendarEvent, site_host
from core.ical import invitation as calendar_invitation
from governance.models import Meeting

PRODID = "-//PACS Vendor Desk//Governance meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def invitation(
    meeting: Meeting, *, attendees: Sequence[tuple[str, str]], cancel: bool, stamp: datetime.datetime, url: str
) -> bytes:
    """The VCALENDAR of one meeting for ``attendees`` (name, email)."""
    event = CalendarEvent(
        uid=meeting_uid(meeting),
        sequence=meeting.invitation_sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.vendor}: {meeting.series.title}",
        description=f"{meeting.series.get_kind_display()} with {meeting.vendor}.\nAgenda: {url}",
        location=meeting.series.location,
        url=url,
    )
    return calendar_invitation(event, attendees=attendees, cancel=cancel, stamp=stamp, prodid=PRODID)
