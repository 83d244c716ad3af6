"""What is wrong with a remote-access session, by its facts: pure, no ORM. A session is flagged
when it was used without approval, outside its approved window, or without a ticket or change to
justify it."""

import datetime
from enum import StrEnum


class Flag(StrEnum):
    UNAPPROVED = "unapproved"
    OUTSIDE_WINDOW = "outside_window"
    NO_TICKET = "no_ticket"


FLAG_LABELS = {
    Flag.UNAPPROVED: "Used without approval",
    Flag.OUTSIDE_WINDOW: "Outside the approved window",
    Flag.NO_TICKET: "No ticket or change",
}


def session_flags(
    *,
    approved: bool,
    planned_start: datetime.datetime,
    planned_end: datetime.datetime,
    started_at: datetime.datetime | None,
    ended_at: datetime.datetime | None,
    has_ticket: bool,
    now: datetime.datetime,
) -> list[Flag]:
    """The flags of one session, in ``Flag`` order. A session still open past its window's end
    is outside it already."""
    flags = []
    if started_at is not None and not approved:
        flags.append(Flag.UNAPPROVED)
    if started_at is not None:
        end = ended_at if ended_at is not None else now
        if started_at < planned_start or end > planned_end:
            flags.append(Flag.OUTSIDE_WINDOW)
    if not has_ticket:
        flags.append(Flag.NO_TICKET)
    return flags
