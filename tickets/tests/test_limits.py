"""Input that cannot hurt, on tickets: a reply, a description, a count and a file name each have a
limit, shown in the form, refused with a clear error, and titles at their maximum still make
notifications that fit."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from core import limits
from notifications.models import Notification
from slas.models import Agreement
from tickets.models import Ticket, TicketAttachment, TicketMessage
from tickets.services.thread import ticket_reply
from tickets.services.tickets import ticket_resolve
from tickets.tests.factories import open_ticket
from tickets.tests.test_views import act, flash

pytestmark = pytest.mark.django_db


def test_a_million_character_reply_is_refused_and_the_form_shows_the_limit(
    admin_client: Client, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    page = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'name="body" rows="3" maxlength="{limits.MESSAGE_LENGTH}" required' in page

    response = act(admin_client, ticket, "message", body="x" * 1_000_000)
    assert flash(response) == ["Ensure this value has at most 20000 characters (it has 1000000)."]
    assert not TicketMessage.objects.exists()

    response = act(admin_client, ticket, "message", body="x" * limits.MESSAGE_LENGTH)
    assert flash(response) == ["Message posted."]
    assert len(TicketMessage.objects.get().body) == limits.MESSAGE_LENGTH


def test_the_api_refuses_a_description_past_its_maximum_and_a_body_past_the_cap(
    staff_api: APIClient, agreement: Agreement
) -> None:
    vendor = agreement.contract.vendor
    ticket = {"vendor": vendor.pk, "severity": "P3", "title": "Slow viewer"}
    response = staff_api.post(
        "/api/v1/tickets/", {**ticket, "description": "x" * (limits.MESSAGE_LENGTH + 1)}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"description": ["Ensure this field has no more than 20000 characters."]}

    two_megabytes = json.dumps({**ticket, "description": "x" * 3_000_000})
    response = staff_api.generic("POST", "/api/v1/tickets/", two_megabytes, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"non_field_errors": ["The request body is over the limit of 2,621,440 bytes."]}
    assert not Ticket.objects.exists()


def test_a_count_outside_its_range_is_refused(staff_api: APIClient, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    body = {"vendor": vendor.pk, "severity": "P3", "title": "Slow viewer", "studies_delayed": 10**9}
    response = staff_api.post("/api/v1/tickets/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"studies_delayed": ["Ensure this value is less than or equal to 100000."]}
    assert not Ticket.objects.exists()


def test_an_attachment_with_a_very_long_name_is_stored_under_a_name_that_fits(admin_user, vendor) -> None:
    ticket = open_ticket(vendor)
    upload = SimpleUploadedFile("log " * 100 + ".txt", b"ERROR", content_type="text/plain")
    ticket_reply(ticket=ticket, by=admin_user, body="Log attached.", files=[upload])
    attachment = TicketAttachment.objects.get()
    assert len(attachment.filename) <= 100
    assert attachment.filename.startswith("log_log_")
    assert attachment.filename.endswith(".txt")
    assert attachment.file.read() == b"ERROR"


def test_an_answer_on_a_ticket_with_a_title_at_its_maximum_is_told_in_a_title_that_fits(
    staff_user, vendor_user, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor, title="T" * 200, reporter=staff_user)
    ticket_reply(ticket=ticket, by=vendor_user, body="We are on it.")
    notification = Notification.objects.get(recipient=staff_user)
    assert len(notification.title) == 200
    assert notification.title.startswith(f"{vendor_user} replied on ticket #{ticket.pk}: TTT")


def test_services_refuse_texts_past_their_maximum_whoever_calls_them(admin_user, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    with pytest.raises(ValidationError) as raised:
        ticket_reply(ticket=ticket, by=admin_user, body="x" * (limits.MESSAGE_LENGTH + 1))
    assert raised.value.message_dict == {"body": ["Ensure this value has at most 20000 characters (it has 20001)."]}
    with pytest.raises(ValidationError) as raised:
        ticket_resolve(ticket=ticket, by=admin_user, summary="x" * (limits.MESSAGE_LENGTH + 1))
    assert list(raised.value.message_dict) == ["summary"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.messages.count()) == ("new", 0)


def test_the_action_inputs_carry_their_limits(admin_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    act(admin_client, ticket, "acknowledge")
    page = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'aria-label="Reason" maxlength="{limits.NOTE_LENGTH}"' in page
    assert f'aria-label="Resolution summary" maxlength="{limits.MESSAGE_LENGTH}"' in page
