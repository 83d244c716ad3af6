"""One ticket, seen in Chromium by each role: the page offers the buttons of the role matrix and
no other (hospital staff reply, attach, write internal notes; hospital admins also work the
ticket; vendor users answer it in the portal)."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from tickets.tests.factories import open_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTONS = ("Acknowledge", "Wait on hospital", "Resolve", "Propose resolution", "Change severity")


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("staff", set()),
        ("admin", {"Acknowledge", "Resolve", "Change severity"}),
        ("vendor", {"Acknowledge", "Propose resolution"}),
    ],
)
def test_the_ticket_page_offers_each_role_its_actions(role: str, offered: set[str], login, live_server, shot, vendor):
    user = {"staff": UserFactory, "admin": HospitalAdminFactory}.get(role, VendorUserFactory)(
        **({"vendor": vendor} if role == "vendor" else {})
    )
    ticket = open_ticket(vendor, severity="P2", title="Priors do not load")
    page = login(user)
    prefix = "/portal" if role == "vendor" else ""
    page.goto(f"{live_server.url}{prefix}/tickets/{ticket.pk}/")

    actions = page.locator(".card", has=page.locator(".card-header", has_text="Actions"))
    for label in BUTTONS:
        expect(actions.get_by_role("button", name=label, exact=True)).to_have_count(1 if label in offered else 0)
    expect(page.get_by_label("Message")).to_be_visible()  # every role replies
    expect(page.get_by_label("Internal note (never shown to the vendor)")).to_have_count(0 if role == "vendor" else 1)
    shot(page, role)
