"""Ticket responses match the OpenAPI schema (found by the schemathesis run,
pacsvendor/tests/test_api_fuzz.py): ``sla`` is one object per metric, not a list, and a ticket's
messages are a plain list, not a page."""

import pytest
from rest_framework.test import APIClient

from core.testing.openapi import assert_matches_schema
from slas.models import Agreement
from tickets.services import tickets as lifecycle
from tickets.services.thread import ticket_reply
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def test_a_ticket_with_running_and_met_clocks_matches_the_schema(
    admin_api: APIClient, vendor: Vendor, agreement: Agreement, vendor_user, django_assert_max_num_queries
) -> None:
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="Archive slow")
    lifecycle.ticket_respond(ticket=ticket, by=vendor_user)
    lifecycle.ticket_open(vendor_id=vendor.pk, severity="P3", title="Viewer freezes")

    detail = admin_api.get(f"/api/v1/tickets/{ticket.pk}/")
    assert set(detail.json()["sla"]) == {"response", "update", "resolution"}
    assert detail.json()["sla"]["response"]["state"] == "met"
    assert_matches_schema(detail, "/api/v1/tickets/{id}/")
    with django_assert_max_num_queries(12):
        listed = admin_api.get("/api/v1/tickets/")
    assert len(listed.json()["results"]) == 2
    assert_matches_schema(listed, "/api/v1/tickets/")

    resolved = admin_api.post(f"/api/v1/tickets/{ticket.pk}/resolve/", {"summary": "Cache rebuilt"})
    assert resolved.json()["status"] == "resolved"
    assert_matches_schema(resolved, "/api/v1/tickets/{id}/resolve/", "POST")


def test_a_tickets_messages_are_a_list_as_documented(
    admin_api: APIClient, vendor: Vendor, agreement: Agreement, vendor_user
) -> None:
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P3", title="Worklist empty")
    ticket_reply(ticket=ticket, by=vendor_user, body="Looking into it.")

    response = admin_api.get(f"/api/v1/tickets/{ticket.pk}/messages/")

    assert [message["body"] for message in response.json()] == ["Looking into it."]
    assert_matches_schema(response, "/api/v1/tickets/{id}/messages/")
