"""The thread: replies and internal notes."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from core import limits
from core.permissions import require
from tickets.models import Ticket, TicketAttachment, TicketMessage
from tickets.services.events import event_instant
from tickets.services.notices import reporter_tell_answered
from tickets.services.tickets import ticket_respond


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    by: User,
    body: str,
    internal: bool = False,
    at: datetime.datetime | None = None,
    files: Sequence[UploadedFile] = (),
) -> TicketMessage:
    """Post to the thread, as the role matrix allows ``by`` (to reply, to attach files, to write
    an internal note: hospital users only). A vendor user's reply answers the ticket (it meets
    the response clock, later the update clock) and is told to the ticket's reporter."""
    require(by, "ticket.reply", ticket)
    if files:
        require(by, "ticket.attach", ticket)
    if internal:
        require(by, "ticket.internal_note", ticket)
    if not body.strip():
        raise ValidationError({"body": "Write a message."})
    limits.check_length("body", body, limits.MESSAGE_LENGTH)
    vendor_side = by.is_vendor_user
    at = event_instant(ticket, at)
    message = TicketMessage.objects.create(ticket=ticket, author=by, body=body, internal=internal, at=at)
    for upload in files:
        attachment = TicketAttachment(message=message, file=upload, size_bytes=upload.size or 0)
        attachment.full_clean(exclude=["message"])  # type and size limits; nothing is kept on error
        attachment.save()
    if vendor_side:
        ticket_respond(ticket=ticket, by=by, at=at)
        reporter_tell_answered(ticket=ticket, by=by, body=body)
    return message
