"""Hospital UI (/tickets/...), the vendor portal's ticket pages and the rating link."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from notifications.models import OutboxEmail
from slas.models import Agreement
from tickets.models import SatisfactionRating, SlaClock, Status, Ticket, TicketMessage
from tickets.services import thread
from tickets.services import tickets as lifecycle
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_1655 = dt.datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)
MONDAY_0930 = dt.datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN)


def open_ticket(vendor: Vendor, severity: str = "P1", title: str = "Viewer hangs", **kwargs: object) -> Ticket:
    return lifecycle.ticket_open(vendor_id=vendor.pk, severity=severity, title=title, **kwargs)


def flash(response) -> list[str]:
    """The messages shown on the page the action led to."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def act(client: Client, ticket: Ticket, action: str, **data: object):
    """POST an action and follow the redirect back, as the browser does."""
    return client.post(f"/tickets/{ticket.pk}/act/", {"action": action, **data}, follow=True)


# --- list --------------------------------------------------------------------------------


def test_the_list_filters_tickets(staff_client: Client, agreement: Agreement, other_agreement: Agreement) -> None:
    open_ticket(agreement.contract.vendor, "P1", "Archive down")
    open_ticket(agreement.contract.vendor, "P3", "Slow worklist")
    open_ticket(other_agreement.contract.vendor, "P3", "Other vendor's viewer")

    page = staff_client.get("/tickets/")
    assert page.status_code == 200
    for title in ("Archive down", "Slow worklist", "Other vendor&#x27;s viewer"):
        assert title in page.content.decode()

    html = staff_client.get("/tickets/", {"severity": "P3", "vendor": agreement.contract.vendor_id}).content.decode()
    assert "Slow worklist" in html
    assert "Archive down" not in html
    assert "Other vendor" not in html.split("<table", 1)[1]


def csv_rows(client: Client, **params: object) -> list[dict[str, str]]:
    response = client.get("/tickets/", {"export": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert header == ["#", "Title", "Vendor", "Severity", "Status", "SLA", "Response due", "Resolution due", "Opened"]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_list_exports_csv_with_the_same_filters(staff_client: Client, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    ticket = open_ticket(vendor, "P3", "Priors missing", at=FRIDAY_1655)
    open_ticket(vendor, "P1", "Archive down")

    (row,) = csv_rows(staff_client, severity="P3")

    assert row["#"] == str(ticket.pk)
    assert (row["Title"], row["Vendor"]) == ("Priors missing", vendor.name)
    assert row["Response due"] == "2026-11-30 10:55"
    assert row["Resolution due"] == "2026-12-02 16:55"
    assert {r["Title"] for r in csv_rows(staff_client)} == {"Priors missing", "Archive down"}


def test_the_csv_export_holds_plain_values_in_hospital_time(staff_client: Client, agreement: Agreement) -> None:
    open_ticket(agreement.contract.vendor, "P3", "Priors missing", at=FRIDAY_1655)

    (row,) = csv_rows(staff_client)

    assert (row["Severity"], row["Status"], row["Opened"]) == ("P3", "New", "2026-11-27 16:55")


def test_vendor_users_do_not_reach_the_hospital_pages(vendor_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    assert vendor_client.get("/tickets/").status_code == 404
    assert vendor_client.get(f"/tickets/{ticket.pk}/").status_code == 404
    assert vendor_client.post(f"/tickets/{ticket.pk}/act/", {"action": "acknowledge"}).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


# --- create ------------------------------------------------------------------------------


def test_hospital_staff_open_a_ticket_with_the_form(staff_client: Client, staff_user, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    component = ComponentFactory(vendor=vendor, name="Main archive")
    assert staff_client.get("/tickets/add/").status_code == 200

    response = staff_client.post(
        "/tickets/add/",
        {
            "vendor": vendor.pk,
            "component": component.pk,
            "severity": "P2",
            "title": "CT priors not shown",
            "description": "Since the update last night.",
            "studies_delayed": 12,
            "patient_safety_risk": "on",
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert flash(response) == [f"Ticket #{ticket.pk} opened."]
    assert (ticket.vendor, ticket.component, ticket.severity, ticket.reporter) == (vendor, component, "P2", staff_user)
    assert (ticket.studies_delayed, ticket.patient_safety_risk) == (12, True)
    assert set(ticket.clocks.values_list("metric", flat=True)) == {"response", "resolution"}


def test_the_form_refuses_a_component_of_another_vendor(
    staff_client: Client, agreement: Agreement, other_vendor: Vendor
) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Their viewer")

    response = staff_client.post(
        "/tickets/add/",
        {
            "vendor": agreement.contract.vendor_id,
            "component": foreign.pk,
            "severity": "P3",
            "title": "x",
            "studies_delayed": 0,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"component": ["This belongs to another vendor."]}
    assert "This belongs to another vendor." in response.content.decode()
    assert not Ticket.objects.exists()


# --- detail and actions ------------------------------------------------------------------


def test_the_detail_shows_clocks_with_due_instants_and_the_thread(
    staff_client: Client, staff_user, vendor_user, agreement: Agreement
) -> None:
    with time_machine.travel(FRIDAY_1655, tick=False):
        ticket = open_ticket(agreement.contract.vendor, "P3", "Priors missing")
        thread.ticket_reply(ticket=ticket, by=staff_user, body="Which study dates are affected?")
        thread.ticket_reply(ticket=ticket, by=staff_user, body="Vendor was slow last time too", internal=True)
    html = staff_client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert "Priors missing" in html
    assert "2026-11-30 10:55" in html  # response due, hospital time
    assert "2026-12-02 16:55" in html  # resolution due
    assert "Which study dates are affected?" in html
    assert "Vendor was slow last time too" in html
    assert "Internal note" in html
    assert 'value="acknowledge"' not in html  # staff do not answer for the vendor
    assert 'value="pause"' not in html  # a new ticket cannot wait on the hospital yet

    with time_machine.travel(MONDAY_0930, tick=False):  # within the response target
        thread.ticket_reply(ticket=ticket, by=vendor_user, body="All dates before 2019.")
    html = staff_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "All dates before 2019." in html
    assert "met 2026-11-30 09:30" in html  # the response clock shows when it was met


def test_actions_post_through_act_and_report_back(admin_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P1")

    response = act(admin_client, ticket, "acknowledge")
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/tickets/{ticket.pk}/", 302)]
    assert flash(response) == [f"Ticket #{ticket.pk} acknowledged."]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.ACKNOWLEDGED

    response = act(admin_client, ticket, "pause", reason="")
    assert flash(response) == ["Say what the vendor is waiting for."]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.ACKNOWLEDGED

    response = act(admin_client, ticket, "close")
    (message,) = flash(response)
    assert "cannot be closed" in message

    response = act(admin_client, ticket, "pause", reason="Need the DICOM logs")
    assert flash(response) == [f"Ticket #{ticket.pk} is waiting on the hospital; its resolution clock is paused."]
    assert SlaClock.objects.get(ticket=ticket, metric="resolution").state == SlaClock.State.PAUSED

    response = act(admin_client, ticket, "message", body="Logs are on the share.", internal="")
    assert flash(response) == ["Message posted."]
    assert TicketMessage.objects.get(ticket=ticket).body == "Logs are on the share."

    assert flash(act(admin_client, ticket, "resume")) == [
        f"Ticket #{ticket.pk} resumed; its resolution clock runs again."
    ]
    assert flash(act(admin_client, ticket, "severity", severity="P2")) == ["Severity changed to P2 high."]
    assert flash(act(admin_client, ticket, "severity", severity="P2")) == ["Severity stays P2 high."]
    assert flash(act(admin_client, ticket, "resolve", summary="Restarted the archive")) == [
        f"Ticket #{ticket.pk} resolved."
    ]
    response = act(admin_client, ticket, "rate", score="5", comment="Fast")
    assert flash(response) == [f"Thank you: support on ticket #{ticket.pk} rated 5 of 5."]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.severity, ticket.rating.score) == (Status.RESOLVED, "P2", 5)

    assert flash(act(admin_client, ticket, "rate", score="9")) == ["Choose a score from 1 to 5."]
    assert flash(act(admin_client, ticket, "explode")) == ["Unknown action."]
    assert flash(act(admin_client, ticket, "message", body="  ")) == ["Write a message."]

    html = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "5/5 Fast" in html
    assert "Need the DICOM logs" in html  # the pause reason, on the timeline


def test_the_ticket_page_reads_as_text(admin_client: Client, admin_user, agreement: Agreement) -> None:
    """A paused clock in hours, not seconds; the severity picker at the ticket's severity; the
    clinical impact as a sentence; a flash message without a "Done:" label."""
    with time_machine.travel(MONDAY_0930, tick=False) as traveller:
        ticket = open_ticket(
            agreement.contract.vendor,
            "P3",
            sites_affected="Main campus",
            modalities_affected="CT, MR",
            studies_delayed=1204,
        )
        lifecycle.ticket_respond(ticket=ticket, by=admin_user, acknowledge=True)
        traveller.move_to(MONDAY_0930 + dt.timedelta(hours=1, minutes=30))
        lifecycle.ticket_pause(ticket=ticket, by=admin_user, reason="Need the DICOM logs")

    html = act(admin_client, ticket, "message", body="Logs are on the share.").content.decode()

    # P3 resolution: 3 business days of 10 h; 1 h 30 min of it used before the pause.
    assert "1 h 30 min of 30 h used" in html
    assert " s used of " not in html
    assert '<option value="P3" selected>P3 medium</option>' in html
    assert '<option value="P1">P1 critical</option>' in html
    assert "CT, MR at Main campus affected; 1,204 studies delayed." in html
    assert "Done:" not in html
    assert "Message posted." in html


def test_a_ticket_without_clinical_details_says_so(staff_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P3", studies_delayed=1)
    assert "1 study delayed." in staff_client.get(f"/tickets/{ticket.pk}/").content.decode()
    plain = open_ticket(agreement.contract.vendor, "P3")
    assert "None recorded." in staff_client.get(f"/tickets/{plain.pk}/").content.decode()


def test_staff_see_their_action_refused_rather_than_an_error(staff_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    response = act(staff_client, ticket, "acknowledge")
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_act_does_not_redirect_off_site(admin_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor)
    response = admin_client.post(
        f"/tickets/{ticket.pk}/act/", {"action": "acknowledge", "next": "https://phish.example/login"}
    )
    assert not response["Location"].startswith("https://phish.example")


# --- portal ------------------------------------------------------------------------------


def test_internal_notes_never_appear_in_the_portal(
    vendor_client: Client, staff_user, agreement: Agreement, other_agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P3", "Priors missing", at=FRIDAY_1655)
    thread.ticket_reply(ticket=ticket, by=staff_user, body="Please check archive node 2.")
    thread.ticket_reply(ticket=ticket, by=staff_user, body="Consider the penalty clause", internal=True)
    theirs = open_ticket(other_agreement.contract.vendor, title="Their ticket")

    response = vendor_client.get(f"/portal/tickets/{ticket.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check archive node 2." in html
    assert "Consider the penalty clause" not in html
    assert "Internal note" not in html
    assert "2026-11-30 10:55" in html
    listing = vendor_client.get("/portal/tickets/").content.decode()
    assert "Priors missing" in listing
    assert "Their ticket" not in listing
    assert vendor_client.get(f"/portal/tickets/{theirs.pk}/").status_code == 404
    assert vendor_client.post(f"/portal/tickets/{theirs.pk}/act/", {"action": "acknowledge"}).status_code == 404


def test_a_vendor_user_answers_from_the_portal(vendor_client: Client, vendor_user, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P1")

    response = vendor_client.post(
        f"/portal/tickets/{ticket.pk}/act/", {"action": "message", "body": "Restarting the viewer service."}
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.ACKNOWLEDGED
    response_clock = SlaClock.objects.get(ticket=ticket, metric="response")
    assert response_clock.state == SlaClock.State.MET
    assert response_clock.met_at == ticket.responded_at
    message = TicketMessage.objects.get(ticket=ticket)
    assert (message.author, message.internal) == (vendor_user, False)
    # A vendor user cannot slip in an internal note.
    vendor_client.post(f"/portal/tickets/{ticket.pk}/act/", {"action": "message", "body": "secret", "internal": "on"})
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1


def test_a_portal_action_returns_to_the_portal_page(vendor_client: Client, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P1")

    response = vendor_client.post(
        f"/portal/tickets/{ticket.pk}/act/", {"action": "message", "body": "On it."}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/portal/tickets/{ticket.pk}/"


# --- rating link -------------------------------------------------------------------------


def test_the_rating_link_from_the_resolution_email_records_one_rating(
    admin_client: Client, staff_user, agreement: Agreement
) -> None:
    ticket = open_ticket(agreement.contract.vendor, "P2", "Worklist empty", reporter=staff_user)
    act(admin_client, ticket, "resolve", summary="Broker restarted")

    (mail,) = OutboxEmail.objects.filter(to=[staff_user.email])
    assert f"#{ticket.pk}" in mail.subject
    (path,) = re.findall(r"https?://[^/\s]+(/rate/[^/\s]+/)", mail.body)
    anonymous = Client()

    page = anonymous.get(path)
    assert page.status_code == 200
    assert "How was the support?" in page.content.decode()
    assert "Worklist empty" in page.content.decode()

    thanks = anonymous.post(path, {"score": "4", "comment": "Good"})
    assert thanks.status_code == 200
    assert "Thank you" in thanks.content.decode()
    rating = SatisfactionRating.objects.get(ticket=ticket)
    assert (rating.score, rating.comment, rating.rated_by) == (4, "Good", staff_user)

    again = anonymous.post(path, {"score": "1", "comment": "Changed my mind"})
    assert again.status_code == 200
    assert "Thank you" in again.content.decode()
    assert SatisfactionRating.objects.filter(ticket=ticket).count() == 1
    assert SatisfactionRating.objects.get(ticket=ticket).score == 4
    assert "Thank you" in anonymous.get(path).content.decode()


def test_a_tampered_rating_token_is_a_404_page(admin_client: Client, staff_user, agreement: Agreement) -> None:
    ticket = open_ticket(agreement.contract.vendor, reporter=staff_user)
    act(admin_client, ticket, "resolve")
    (path,) = re.findall(r"(/rate/[^/\s]+/)", OutboxEmail.objects.get(to=[staff_user.email]).body)
    token = path.split("/")[2]
    tampered = f"/rate/{token[:-3]}{'abc' if token[-3:] != 'abc' else 'xyz'}/"

    for response in (Client().get(tampered), Client().post(tampered, {"score": "1"})):
        assert response.status_code == 404
        assert "This link no longer works" in response.content.decode()
    assert not SatisfactionRating.objects.exists()
