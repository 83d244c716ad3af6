"""End-to-end journeys of vendor users in the vendor portal, and its walls, in headless Chromium."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from vendors.models import Contact
from vendors.tests.factories import ContactFactory, ContractDocumentFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 404, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_vendor_user_sees_own_contacts_only_and_updates_one(
    login, live_server, vendor, other_vendor, vendor_user, shot
):
    own = ContactFactory(
        vendor=vendor, name="Ingrid Hallberg", email="ingrid@meridian.example", phone="+49 30 555 0111"
    )
    ContactFactory(vendor=vendor, name="Piet de Vries", escalation_level=2)
    ContactFactory(vendor=other_vendor, name="Olaf Fremdmann")

    page = login(vendor_user)
    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meridian Imaging Systems")
    expect(page.get_by_role("main")).not_to_contain_text("Other Vendor GmbH")
    shot(page, "portal-home")

    page.get_by_role("navigation").get_by_role("button", name="Our account").click()
    page.get_by_role("navigation").get_by_role("link", name="Contacts", exact=True).click()
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Ingrid Hallberg")).to_have_count(1)
    expect(rows.filter(has_text="Piet de Vries")).to_have_count(1)
    expect(page.locator("table")).not_to_contain_text("Olaf Fremdmann")
    shot(page, "portal-contacts")

    # An invalid email is refused at the field, and nothing changes.
    page.get_by_role("link", name="Ingrid Hallberg").click()
    expect(page.get_by_role("heading", name="Update Ingrid Hallberg")).to_be_visible()
    page.get_by_label("Email").fill("ingrid-at-meridian")
    page.get_by_label("Phone").fill("+49 30 7777 1234")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#div_id_email")).to_contain_text("Enter a valid email address.")
    expect(page.get_by_label("Phone")).to_have_value("+49 30 7777 1234")
    shot(page, "portal-contact-invalid-email")
    own.refresh_from_db()
    assert (own.email, own.phone) == ("ingrid@meridian.example", "+49 30 555 0111")

    page.get_by_label("Email").fill("ingrid.hallberg@meridian.example")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/portal/contacts/")
    expect(page.get_by_role("alert")).to_contain_text("Contact details of Ingrid Hallberg saved.")
    row = page.locator("table tbody tr").filter(has_text="Ingrid Hallberg")
    expect(row).to_contain_text("+49 30 7777 1234")
    expect(row).to_contain_text("ingrid.hallberg@meridian.example")
    own.refresh_from_db()
    assert (own.email, own.phone) == ("ingrid.hallberg@meridian.example", "+49 30 7777 1234")
    assert Contact.objects.get(name="Olaf Fremdmann").vendor == other_vendor


def test_vendor_user_cannot_reach_hospital_pages_or_other_vendors(
    login, live_server, vendor, other_vendor, vendor_user, shot
):
    own_contract = ContractFactory(vendor=vendor, reference="MER-OWN-1")
    foreign_contract = ContractFactory(vendor=other_vendor, reference="OTH-SECRET-9")

    page = login(vendor_user)
    _expect_not_found(page, f"{live_server.url}/vendors/")
    shot(page, "not-found")
    _expect_not_found(page, f"{live_server.url}/overview/")
    _expect_not_found(page, f"{live_server.url}/portal/contracts/{foreign_contract.pk}/")
    expect(page.get_by_role("main")).not_to_contain_text("OTH-SECRET-9")

    # The portal itself still works, for their own contract.
    page.goto(f"{live_server.url}/portal/contracts/{own_contract.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("MER-OWN-1")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/portal/")


def test_vendor_user_downloads_a_document_of_their_contract(login, live_server, vendor, vendor_user, shot):
    today = datetime.date.today()
    contract = ContractFactory(
        vendor=vendor,
        reference="MER-SLA-2025",
        title="Support and SLA",
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=3 * 365),
    )
    document = ContractDocumentFactory(contract=contract, title="Service level agreement")
    with document.file.open("rb") as stored:
        expected = stored.read()

    page = login(vendor_user)
    page.get_by_role("link", name="MER-SLA-2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MER-SLA-2025")
    documents = page.locator(".card").filter(has=page.get_by_text("Documents", exact=True))
    expect(documents).to_contain_text("Service level agreement")
    shot(page, "portal-contract")

    with page.expect_download() as download_info:
        documents.get_by_role("link", name=document.filename).click()
    download = download_info.value
    assert download.suggested_filename == document.filename
    assert Path(download.path()).read_bytes() == expected


def test_hospital_admin_has_no_portal(login, live_server, vendor, admin_user, shot):
    page = login(admin_user)
    _expect_not_found(page, f"{live_server.url}/portal/")
    shot(page, "portal-for-admin")
    _expect_not_found(page, f"{live_server.url}/portal/contacts/")
