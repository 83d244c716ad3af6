"""The limits as people meet them in Chromium: every text area counts its characters against its
maximum, the browser stops at the maximum, and a number outside its range is refused at the field."""

import pytest

from tickets.tests.factories import open_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_text_areas_count_characters_and_stop_at_their_maximum(login, live_server, admin_user, vendor, shot) -> None:
    page = login(admin_user)
    page.goto(f"{live_server.url}/vendors/{vendor.pk}/edit/")
    notes = page.locator("#id_notes")
    counter = notes.locator("xpath=following-sibling::*[@data-character-counter][1]")
    assert counter.inner_text() == "0 of 10,000 characters"

    notes.fill("Escalate outages to the account manager.")
    assert counter.inner_text() == "40 of 10,000 characters"
    notes.fill("x" * 10_050)  # pasting more than fits: the browser keeps the first 10,000
    assert notes.input_value() == "x" * 10_000
    assert counter.inner_text() == "10,000 of 10,000 characters"
    assert "text-danger" in counter.get_attribute("class")
    shot(page, "vendor-notes-at-the-limit")

    ticket = open_ticket(vendor)
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    reply = page.locator("#reply-body")
    reply.fill("Which study dates are affected?")
    assert reply.locator("xpath=following-sibling::*[1]").inner_text() == "31 of 20,000 characters"
    shot(page, "ticket-reply-counter")


def test_a_number_outside_its_range_is_refused_at_the_field(login, live_server, admin_user, vendor, shot) -> None:
    page = login(admin_user)
    page.goto(f"{live_server.url}/contracts/add/")
    field = page.locator("#id_renewal_notice_days")
    assert (field.get_attribute("min"), field.get_attribute("max")) == ("0", "730")
    page.select_option("#id_vendor", str(vendor.pk))
    page.fill("#id_reference", "C-LIMIT")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2027-12-31")
    page.fill("#id_annual_fee", "1000")
    field.fill("1000000")
    page.get_by_role("button", name="Create").click()
    # The browser keeps the form: the field says what it accepts.
    assert "730" in field.evaluate("element => element.validationMessage")
    assert page.url.endswith("/contracts/add/")
    shot(page, "contract-notice-out-of-range")
