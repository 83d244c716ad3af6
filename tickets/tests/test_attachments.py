"""Files on the ticket thread: limits, scoped downloads, internal notes stay internal."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tickets.models import TicketAttachment, TicketMessage
from tickets.services.thread import ticket_reply
from tickets.tests.factories import open_ticket

pytestmark = pytest.mark.django_db


def _file(name: str = "viewer.log", content: bytes = b"ERROR prior fetch timed out") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_hospital_reply_with_a_file_and_its_download(admin_client: Client, vendor: object) -> None:
    ticket = open_ticket(vendor)
    response = admin_client.post(
        f"/tickets/{ticket.pk}/act/", {"action": "message", "body": "Log attached.", "files": [_file()]}
    )
    assert response.status_code == 302
    attachment = TicketAttachment.objects.get()
    assert attachment.size_bytes == len(b"ERROR prior fetch timed out")
    page = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "viewer.log" in page
    download = admin_client.get(f"/tickets/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"ERROR prior fetch timed out"
    assert download["Content-Disposition"] == 'attachment; filename="viewer.log"'


def test_a_forbidden_type_saves_neither_the_message_nor_the_file(admin_user: object, vendor: object) -> None:
    ticket = open_ticket(vendor)
    with pytest.raises(ValidationError, match="Allowed file types"):
        ticket_reply(ticket=ticket, by=admin_user, body="See attached", files=[_file("tool.exe", b"MZ")])
    assert not TicketMessage.objects.exists()
    assert not TicketAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(admin_user: object, vendor: object, settings: object) -> None:
    settings.TICKET_ATTACHMENT_MAX_MB = 0
    ticket = open_ticket(vendor)
    with pytest.raises(ValidationError, match="larger than 0 MB"):
        ticket_reply(ticket=ticket, by=admin_user, body="Big", files=[_file()])


def test_vendor_users_download_files_of_their_tickets_but_not_of_internal_notes(
    admin_user: object, vendor_client: Client, vendor: object
) -> None:
    ticket = open_ticket(vendor)
    shared = ticket_reply(ticket=ticket, by=admin_user, body="For the vendor", files=[_file("shared.log")])
    internal = ticket_reply(ticket=ticket, by=admin_user, body="Internal", internal=True, files=[_file("internal.log")])
    page = vendor_client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "shared.log" in page
    assert "internal.log" not in page
    shared_file = shared.attachments.get()
    internal_file = internal.attachments.get()
    assert vendor_client.get(f"/portal/tickets/attachments/{shared_file.pk}/").status_code == 200
    assert vendor_client.get(f"/portal/tickets/attachments/{internal_file.pk}/").status_code == 404
