"""``/api/v1/tickets/``: opening, the lifecycle routes, the thread, filters, scoping, queries."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from core.testing.queries import queries_per_path
from slas.models import Agreement
from tickets.models import SatisfactionRating, SlaClock, Status, Ticket, TicketEvent, TicketMessage
from tickets.services import thread
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")
CLOCK_KEYS = {"state", "due_at", "met_at", "breached_at", "consumed_seconds"}
URL = "/api/v1/tickets/"


def open_ticket(vendor: Vendor, severity: str = "P1", title: str = "Viewer hangs", **kwargs: object) -> Ticket:
    return lifecycle.ticket_open(vendor_id=vendor.pk, severity=severity, title=title, **kwargs)


def post(client: APIClient, ticket: Ticket, route: str, data: dict | None = None):
    return client.post(f"{URL}{ticket.pk}/{route}/", data or {}, format="json")


# --- opening -----------------------------------------------------------------------------


def test_a_hospital_user_opens_a_ticket_and_gets_its_due_instants(
    staff_api: APIClient, staff_user, agreement: Agreement
) -> None:
    vendor = agreement.contract.vendor
    response = staff_api.post(URL, {"vendor": vendor.pk, "severity": "P3", "title": "Priors missing"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert (body["vendor"], body["severity"], body["status"], body["reporter"]) == (
        vendor.pk,
        "P3",
        "new",
        staff_user.pk,
    )
    assert body["agreement"] == agreement.pk
    for key in ("response_due_at", "resolution_due_at", "opened_at"):
        assert ISO_WITH_OFFSET.match(body[key]), (key, body[key])
    clocks = {clock.metric: clock for clock in ticket.clocks.all()}
    assert dt.datetime.fromisoformat(body["response_due_at"]) == clocks["response"].due_at
    assert dt.datetime.fromisoformat(body["resolution_due_at"]) == clocks["resolution"].due_at
    assert set(body["sla"]) == {"response", "resolution"}
    for metric, clock in body["sla"].items():
        assert set(clock) >= CLOCK_KEYS
        assert clock["state"] == "running"
        assert (clock["met_at"], clock["breached_at"]) == (None, None)
        assert 0 <= clock["consumed_seconds"] < 60  # running since it was opened a moment ago
        assert ISO_WITH_OFFSET.match(clock["due_at"])
        assert dt.datetime.fromisoformat(clock["due_at"]) == clocks[metric].due_at
    assert ticket.events.get().kind == TicketEvent.Kind.OPENED


def test_a_hospital_admin_may_record_when_a_ticket_was_opened(admin_api: APIClient, agreement: Agreement) -> None:
    response = admin_api.post(
        URL,
        {
            "vendor": agreement.contract.vendor_id,
            "severity": "P3",
            "title": "Priors missing",
            "opened_at": "2026-11-27T16:55:00+01:00",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    # Friday 16:55 on business hours: response Monday 10:55, resolution Wednesday 16:55,
    # given in the hospital's time with its offset.
    assert body["opened_at"] == "2026-11-27T16:55:00+01:00"
    assert body["response_due_at"] == "2026-11-30T10:55:00+01:00"
    assert body["resolution_due_at"] == "2026-12-02T16:55:00+01:00"
    assert body["sla"]["response"]["due_at"] == "2026-11-30T10:55:00+01:00"


def test_staff_may_not_set_opened_at(staff_api: APIClient, agreement: Agreement) -> None:
    response = staff_api.post(
        URL,
        {
            "vendor": agreement.contract.vendor_id,
            "severity": "P3",
            "title": "x",
            "opened_at": "2026-11-27T16:55:00+01:00",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"opened_at": ["Only hospital admins may record past instants."]}
    assert not Ticket.objects.exists()


def test_an_opened_at_in_the_future_is_reported_on_that_field(admin_api: APIClient, agreement: Agreement) -> None:
    future = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    response = admin_api.post(
        URL,
        {"vendor": agreement.contract.vendor_id, "severity": "P3", "title": "x", "opened_at": future},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["opened_at"]


def test_bad_input_answers_400_with_field_messages(
    staff_api: APIClient, agreement: Agreement, other_vendor: Vendor
) -> None:
    response = staff_api.post(URL, {"severity": "P9"}, format="json")
    assert response.status_code == 400
    assert {"vendor", "severity", "title"} <= set(response.json())

    foreign = ComponentFactory(vendor=other_vendor)
    response = staff_api.post(
        URL,
        {"vendor": agreement.contract.vendor_id, "severity": "P3", "title": "x", "component": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"component": ["This component belongs to another vendor."]}
    assert not Ticket.objects.exists()


# --- actions -----------------------------------------------------------------------------


def test_each_action_route_works_and_returns_the_updated_ticket(
    admin_api: APIClient, staff_api: APIClient, vendor_api: APIClient, agreement: Agreement, staff_user
) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P3", reporter=staff_user)

    def act(client: APIClient, route: str, data: dict | None = None) -> dict:
        response = post(client, ticket, route, data)
        assert response.status_code == 200, (route, response.content)
        body = response.json()
        assert body["id"] == ticket.pk
        return body

    body = act(admin_api, "severity", {"severity": "P2"})
    assert body["severity"] == "P2"
    assert body["sla"]["resolution"]["state"] == "running"

    body = act(vendor_api, "acknowledge")
    assert body["status"] == "acknowledged"
    assert body["responded_at"] is not None
    assert body["sla"]["response"]["state"] == "met"
    assert body["response_due_at"] is None  # no longer running
    assert body["sla"]["update"]["state"] == "running"

    assert act(vendor_api, "in-progress")["status"] == "in_progress"

    body = act(vendor_api, "respond", {"body": "The index is rebuilt tonight."})
    assert TicketMessage.objects.get(ticket=ticket).body == "The index is rebuilt tonight."
    assert body["sla"]["update"]["state"] == "running"

    body = act(vendor_api, "pause", {"reason": "Need the failing accession numbers"})
    assert body["status"] == "waiting_on_hospital"
    assert body["sla"]["resolution"]["state"] == "paused"
    assert body["resolution_due_at"] is None

    body = act(vendor_api, "resume")
    assert body["status"] == "in_progress"
    assert body["sla"]["resolution"]["state"] == "running"
    assert ISO_WITH_OFFSET.match(body["resolution_due_at"])

    body = act(vendor_api, "resolve", {"summary": "Index rebuilt"})
    assert body["status"] == "resolved"
    assert body["resolved_at"] is not None
    assert body["sla"]["resolution"]["state"] == "met"

    assert act(admin_api, "reopen", {"reason": "Still missing"})["status"] == "in_progress"
    assert act(admin_api, "resolve")["status"] == "resolved"

    act(staff_api, "rate", {"score": 4, "comment": "Quick"})
    rating = SatisfactionRating.objects.get(ticket=ticket)
    assert (rating.score, rating.comment, rating.rated_by) == (4, "Quick", staff_user)

    body = act(admin_api, "close")
    assert body["status"] == "closed"
    assert body["closed_at"] is not None
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds[0] == "opened"
    assert kinds[-2:] == ["rated", "closed"]


def test_a_hospital_admin_records_a_past_answer_with_at(admin_api: APIClient, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P3", at=dt.datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN))

    response = post(admin_api, ticket, "respond", {"at": "2026-11-27T17:00:00+01:00"})

    assert response.status_code == 200, response.content
    assert response.json()["sla"]["response"]["met_at"] == "2026-11-27T17:00:00+01:00"
    assert response.json()["sla"]["response"]["consumed_seconds"] == 300


def test_a_running_clock_reports_the_business_time_consumed_as_of_the_request(
    staff_api: APIClient, vendor_api: APIClient, agreement: Agreement
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN), tick=False) as traveller:
        ticket = open_ticket(agreement.contract.vendor, "P3")
        traveller.move_to(dt.datetime(2026, 11, 30, 11, 0, tzinfo=BERLIN))
        listed = staff_api.get(URL).json()["results"][0]["sla"]
        detail = staff_api.get(f"{URL}{ticket.pk}/").json()["sla"]
        assert SlaClock.objects.get(ticket=ticket, metric="resolution").consumed_seconds == 0  # reading writes nothing
        assert post(vendor_api, ticket, "acknowledge").status_code == 200
        paused = post(vendor_api, ticket, "pause", {"reason": "Waiting for the modality"}).json()["sla"]
        traveller.move_to(dt.datetime(2026, 11, 30, 15, 0, tzinfo=BERLIN))
        still_paused = staff_api.get(f"{URL}{ticket.pk}/").json()["sla"]

    # 09:30 to 11:00 on a Monday's office hours: 90 business minutes on both clocks.
    assert listed["response"]["consumed_seconds"] == detail["response"]["consumed_seconds"] == 5400
    assert detail["resolution"]["consumed_seconds"] == 5400
    assert paused["resolution"]["state"] == "paused"
    assert still_paused["resolution"]["consumed_seconds"] == 5400  # a paused clock does not run


@pytest.mark.parametrize(
    ("setup", "route", "data", "expected"),
    [
        ([], "pause", {"reason": "x"}, {"non_field_errors": ["A new ticket cannot be paused."]}),
        ([], "close", {}, {"non_field_errors": ["A new ticket cannot be closed."]}),
        ([], "rate", {"score": 5}, {"non_field_errors": ["A ticket can be rated once it is resolved."]}),
        (["resolve", "close"], "reopen", {}, {"non_field_errors": ["A closed ticket cannot be reopened."]}),
        (["resolve", "close"], "resolve", {}, {"non_field_errors": ["A closed ticket cannot be resolved."]}),
        (["resolve", "rate"], "rate", {"score": 2}, {"non_field_errors": ["This ticket has already been rated."]}),
        (["acknowledge"], "pause", {"reason": " "}, {"reason": ["Say what the vendor is waiting for."]}),
        (["resolve"], "rate", {"score": 9}, None),
        ([], "severity", {"severity": "P7"}, None),
    ],
    ids=[
        "pause-new",
        "close-open",
        "rate-open",
        "reopen-closed",
        "resolve-closed",
        "rate-twice",
        "no-reason",
        "score",
        "severity",
    ],
)
def test_invalid_transitions_answer_400_with_a_message(
    admin_api: APIClient, agreement: Agreement, setup: list[str], route: str, data: dict, expected: dict | None
) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    for step in setup:
        assert post(admin_api, ticket, step, {"score": 3} if step == "rate" else {}).status_code == 200, step
    before = Ticket.objects.values_list("status", "severity").get(pk=ticket.pk)

    response = post(admin_api, ticket, route, data)

    assert response.status_code == 400
    if expected is None:
        assert set(response.json()) == set(data)  # the serializer names the bad field
    else:
        assert response.json() == expected
    assert Ticket.objects.values_list("status", "severity").get(pk=ticket.pk) == before


def test_only_hospital_admins_give_past_instants(
    staff_api: APIClient, vendor_api: APIClient, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    past = (timezone.now() - dt.timedelta(minutes=1)).isoformat()

    for client, route in ((vendor_api, "acknowledge"), (vendor_api, "pause")):
        response = post(client, ticket, route, {"at": past, "reason": "Need logs"})
        assert response.status_code == 400
        assert response.json() == {"at": ["Only hospital admins may record past instants."]}
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
    response = staff_api.post(
        URL, {"vendor": ticket.vendor_id, "severity": "P3", "title": "Late", "opened_at": past}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"opened_at": ["Only hospital admins may record past instants."]}
    assert Ticket.objects.count() == 1


# --- vendor users ------------------------------------------------------------------------


def test_a_vendor_user_works_their_vendors_ticket(vendor_api: APIClient, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)

    assert post(vendor_api, ticket, "respond", {"body": "On it"}).json()["status"] == "acknowledged"
    assert post(vendor_api, ticket, "acknowledge").status_code == 200
    assert post(vendor_api, ticket, "pause", {"reason": "Need logs"}).json()["status"] == "waiting_on_hospital"
    assert post(vendor_api, ticket, "resume").status_code == 200
    assert post(vendor_api, ticket, "resolve").json()["status"] == "resolved"
    assert vendor_api.get(f"{URL}{ticket.pk}/").status_code == 200


def test_a_vendor_user_may_not_open_reopen_close_rate_or_reprioritise(
    vendor_api: APIClient, admin_api: APIClient, agreement: Agreement
) -> None:
    vendor = agreement.contract.vendor
    response = vendor_api.post(URL, {"vendor": vendor.pk, "severity": "P1", "title": "Self-made"}, format="json")
    assert response.status_code == 403
    assert not Ticket.objects.exists()

    ticket = open_ticket(vendor)
    assert post(admin_api, ticket, "resolve").status_code == 200
    for route, data in (("reopen", {}), ("close", {}), ("rate", {"score": 5}), ("severity", {"severity": "P2"})):
        response = post(vendor_api, ticket, route, data)
        assert response.status_code == 403, route
        assert "cannot" in response.json()["detail"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.severity) == (Status.RESOLVED, "P1")
    assert not SatisfactionRating.objects.exists()


def test_hospital_staff_may_not_answer_for_the_vendor(staff_api: APIClient, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    assert post(staff_api, ticket, "respond", {"body": "We answer ourselves"}).status_code == 403
    assert post(staff_api, ticket, "acknowledge").status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).responded_at is None


def test_another_vendors_ticket_is_404_for_a_vendor_user(
    vendor_api: APIClient, agreement: Agreement, other_agreement: Agreement
) -> None:
    mine = open_ticket(agreement.contract.vendor, title="Mine")
    theirs = open_ticket(other_agreement.contract.vendor, title="Theirs")

    assert vendor_api.get(f"{URL}{theirs.pk}/").status_code == 404
    assert vendor_api.get(f"{URL}{theirs.pk}/messages/").status_code == 404
    for route in ("respond", "acknowledge", "pause", "resolve"):
        assert post(vendor_api, theirs, route, {"reason": "x"}).status_code == 404, route
    assert [t["title"] for t in vendor_api.get(URL).json()["results"]] == ["Mine"]
    assert titles(vendor_api, q="Theirs") == set()
    assert mine.title in titles(vendor_api, q="Mine")
    assert Ticket.objects.get(pk=theirs.pk).status == Status.NEW


def test_messages_hide_internal_notes_from_vendor_users(
    staff_api: APIClient, vendor_api: APIClient, staff_user, vendor_user, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    thread.ticket_reply(ticket=ticket, by=staff_user, body="Please check the archive node 2.")
    thread.ticket_reply(ticket=ticket, by=staff_user, body="Internal: escalate if no answer by noon", internal=True)
    thread.ticket_reply(ticket=ticket, by=vendor_user, body="Node 2 restarted.")

    hospital_view = staff_api.get(f"{URL}{ticket.pk}/messages/").json()
    vendor_view = vendor_api.get(f"{URL}{ticket.pk}/messages/")

    assert [m["body"] for m in hospital_view] == [
        "Please check the archive node 2.",
        "Internal: escalate if no answer by noon",
        "Node 2 restarted.",
    ]
    assert vendor_view.status_code == 200
    assert [m["body"] for m in vendor_view.json()] == ["Please check the archive node 2.", "Node 2 restarted."]
    assert not any(m["internal"] for m in vendor_view.json())
    assert b"escalate if no answer" not in vendor_view.content


def test_hospital_users_post_to_the_thread_and_a_vendor_user_cannot_write_internal_notes(
    staff_api: APIClient, vendor_api: APIClient, staff_user, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor)

    response = staff_api.post(f"{URL}{ticket.pk}/messages/", {"body": "Node 2 only", "internal": True}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["body"], response.json()["internal"]) == ("Node 2 only", True)
    refused = vendor_api.post(f"{URL}{ticket.pk}/messages/", {"body": "Psst", "internal": True}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Your role cannot write internal notes on a ticket (never shown to the vendor)."
    }
    assert list(TicketMessage.objects.values_list("author", "body", "internal")) == [
        (staff_user.pk, "Node 2 only", True)
    ]
    assert Ticket.objects.get(pk=ticket.pk).responded_at is None  # a refused vendor message answers nothing


# --- lists -------------------------------------------------------------------------------


@pytest.fixture
def listed(agreement: Agreement, other_agreement: Agreement) -> dict[str, Ticket]:
    """One ticket per SLA state, under the real clock."""
    vendor, other = agreement.contract.vendor, other_agreement.contract.vendor
    now = timezone.now()
    tickets = {
        "on_track": open_ticket(vendor, "P1", "On track"),
        "other_vendor": open_ticket(other, "P2", "Other vendor"),
        "paused": open_ticket(vendor, "P1", "Paused"),
        # Opened 3 h 30 ago: resolution past its 75 % warning (3 h of 4 h), nothing swept.
        "at_risk": open_ticket(vendor, "P1", "At risk", at=now - dt.timedelta(hours=3, minutes=30)),
        "breached": open_ticket(vendor, "P1", "Breached", at=now - dt.timedelta(days=2)),
        "resolved": open_ticket(vendor, "P1", "Resolved"),
    }
    lifecycle.ticket_respond(ticket=tickets["paused"], by=None)
    lifecycle.ticket_pause(ticket=tickets["paused"], by=None, reason="Logs")
    lifecycle.ticket_respond(ticket=tickets["resolved"], by=None)
    lifecycle.ticket_resolve(ticket=tickets["resolved"], by=None)
    # The sweep as it ran a day ago: only the long-open ticket's actions were due.
    sweep_due_actions(now=now - dt.timedelta(days=1))
    assert SlaClock.objects.get(ticket=tickets["breached"], metric="resolution").state == "breached"
    return tickets


def titles(client: APIClient, **params: object) -> set[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return {t["title"] for t in response.json()["results"]}


def test_list_filters(staff_api: APIClient, listed: dict[str, Ticket], other_vendor: Vendor) -> None:
    assert titles(staff_api, vendor=other_vendor.pk) == {"Other vendor"}
    assert titles(staff_api, severity="P2") == {"Other vendor"}
    assert titles(staff_api, status="waiting_on_hospital") == {"Paused"}
    assert titles(staff_api, status=["resolved", "waiting_on_hospital"]) == {"Paused", "Resolved"}
    assert titles(staff_api, open="true") == {"On track", "Other vendor", "Paused", "At risk", "Breached"}
    assert titles(staff_api, open="false") == {"Resolved"}
    assert titles(staff_api, sla="breached") == {"Breached"}
    assert titles(staff_api, sla="paused") == {"Paused"}
    assert titles(staff_api, sla="at_risk") == {"At risk"}
    on_track = titles(staff_api, sla="on_track")
    assert {"On track", "Other vendor"} <= on_track
    assert not on_track & {"Paused", "At risk", "Breached"}
    assert titles(staff_api, sla="breached", open="true", severity="P1") == {"Breached"}
    assert staff_api.get(URL, {"sla": "late"}).status_code == 400


def test_on_track_lists_only_tickets_with_a_running_clock(staff_api: APIClient, listed: dict[str, Ticket]) -> None:
    assert "Resolved" not in titles(staff_api, sla="on_track")


def test_a_response_close_to_its_due_instant_is_at_risk(staff_api: APIClient, agreement: Agreement) -> None:
    open_ticket(agreement.contract.vendor, "P1", "Unanswered", at=timezone.now() - dt.timedelta(minutes=12))

    assert titles(staff_api, sla="at_risk") == {"Unanswered"}


def test_list_queries_stay_constant_as_tickets_grow(
    admin_api: APIClient, vendor_api: APIClient, agreement: Agreement, other_agreement: Agreement, staff_user
) -> None:
    vendor, other = agreement.contract.vendor, other_agreement.contract.vendor
    paths = [URL, f"{URL}?sla=at_risk", f"{URL}?open=true&severity=P1", f"{URL}?vendor={vendor.pk}"]

    def add_tickets(count: int) -> None:
        for n in range(count):
            ticket = open_ticket(
                vendor if n % 2 else other, "P1" if n % 3 else "P3", f"Ticket {n}", reporter=staff_user
            )
            if n % 2:
                lifecycle.ticket_respond(ticket=ticket, by=None)  # three clocks

    add_tickets(2)
    few = queries_per_path(admin_api, paths)
    few_vendor = queries_per_path(vendor_api, [URL])
    add_tickets(15)
    assert queries_per_path(admin_api, paths) == few
    assert queries_per_path(vendor_api, [URL]) == few_vendor
    assert max(few.values()) <= 6
