"""End-to-end journeys through the hospital UI for vendors and contracts, in headless Chromium."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from vendors.models import Contract, ContractDocument, Vendor
from vendors.tests.factories import ComponentFactory, ContactFactory, ContractFactory, VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _field(page: Page, name: str):
    """The crispy-forms wrapper of one form field: label, input and its error text."""
    return page.locator(f"#div_id_{name}")


def _column_texts(page: Page, column: int) -> list[str]:
    return [text.strip() for text in page.locator(f"table tbody tr td:nth-child({column})").all_text_contents()]


def open_vendors_menu(page: Page, item: str) -> None:
    """Open one page of the navbar's Vendors menu, as a user does: the menu, then the item."""
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="Vendors").click()
    nav.get_by_role("link", name=item, exact=True).click()


def _csv_safe(text: str) -> str:
    # The export prefixes cells that spreadsheets would run as formulas (core/exports.py).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def test_vendor_list_filters_sorting_sticky_filters_and_csv_export(login, live_server, vendor, admin_user, shot):
    aurora = VendorFactory(name="Aurora VNA Solutions", kind=Vendor.Kind.VNA, support_phone="030 5550 200")
    VendorFactory(name="Beacon Vault", kind=Vendor.Kind.VNA, support_phone="+49 89 5550 300")
    VendorFactory(name="Cobalt Archive", kind=Vendor.Kind.VNA)
    VendorFactory(name="Zenith RIS", kind=Vendor.Kind.RIS)
    ContactFactory.create_batch(2, vendor=aurora)
    ComponentFactory(vendor=aurora)
    today = datetime.date.today()
    ContractFactory(
        vendor=aurora, start_date=today - datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=3 * 365)
    )

    page = login(admin_user)
    expect(page).to_have_url(f"{live_server.url}/overview/")

    # Vendors list, filtered by kind: picking a choice applies it at once.
    open_vendors_menu(page, "Vendors")
    expect(page.get_by_role("heading", name="Vendors")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(5)
    page.get_by_label("Kind").select_option(label="VNA")
    expect(page).to_have_url(re.compile(r"kind=vna"))
    expect(page.locator("table tbody tr")).to_have_count(3)
    assert _column_texts(page, 1) == ["Aurora VNA Solutions", "Beacon Vault", "Cobalt Archive"]

    # Sorting by the Name header: ascending first, then descending; the filter stays.
    page.locator("table thead th").filter(has_text="Name").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(page.locator("table tbody tr td:first-child")).to_have_text(
        ["Aurora VNA Solutions", "Beacon Vault", "Cobalt Archive"]
    )
    page.locator("table thead th").filter(has_text="Name").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(page.locator("table tbody tr td:first-child")).to_have_text(
        ["Cobalt Archive", "Beacon Vault", "Aurora VNA Solutions"]
    )
    expect(page).to_have_url(re.compile(r"kind=vna"))
    shot(page, "vendors-filtered")

    # The filter sticks: away to Contacts and back, the list is still VNA vendors, descending.
    open_vendors_menu(page, "Contacts")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    open_vendors_menu(page, "Vendors")
    expect(page).to_have_url(re.compile(r"/vendors/\?.*kind=vna"))
    expect(page.get_by_label("Kind")).to_have_value("vna")
    expect(page.locator("table tbody tr td:first-child")).to_have_text(
        ["Cobalt Archive", "Beacon Vault", "Aurora VNA Solutions"]
    )

    # Export CSV: the same columns and rows as the filtered, sorted table.
    headers = [text.strip() for text in page.locator("table thead th").all_text_contents()]
    rows = [
        [cell.strip() for cell in row.locator("td").all_text_contents()] for row in page.locator("table tbody tr").all()
    ]
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(r"vendors-\d{8}-\d{4}\.csv", download.suggested_filename)
    exported = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert exported[0] == headers
    assert exported[1:] == [[_csv_safe(cell) for cell in row] for row in rows]
    assert [row[0] for row in exported[1:]] == ["Cobalt Archive", "Beacon Vault", "Aurora VNA Solutions"]

    # Reset clears the remembered filter for good.
    page.get_by_role("link", name="Reset").click()
    expect(page).to_have_url(f"{live_server.url}/vendors/")
    expect(page.locator("table tbody tr")).to_have_count(5)
    open_vendors_menu(page, "Contacts")
    open_vendors_menu(page, "Vendors")
    expect(page).to_have_url(f"{live_server.url}/vendors/")
    expect(page.get_by_label("Kind")).to_have_value("")
    expect(page.locator("table tbody tr")).to_have_count(5)


def test_admin_creates_edits_and_deletes_a_vendor(login, live_server, admin_user, shot):
    page = login(admin_user)
    page.goto(f"{live_server.url}/vendors/")
    page.get_by_role("link", name="Add vendor").click()
    expect(page.get_by_role("heading", name="Add vendor")).to_be_visible()

    # Without a name: the field says so, nothing is stored.
    page.get_by_label("Support phone").fill("+49 40 1234 5678")
    page.get_by_role("button", name="Create").click()
    expect(_field(page, "name")).to_contain_text("This field is required.")
    expect(page.locator("#id_name")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_label("Support phone")).to_have_value("+49 40 1234 5678")
    shot(page, "vendor-form-error")
    assert not Vendor.objects.exists()

    page.get_by_label("Name").fill("Nordlicht Radiology IT")
    page.get_by_label("Kind").select_option(label="VNA")
    page.get_by_label("Support email").fill("support@nordlicht.example")
    page.get_by_role("button", name="Create").click()

    created = Vendor.objects.get(name="Nordlicht Radiology IT")
    expect(page).to_have_url(f"{live_server.url}/vendors/{created.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Vendor “Nordlicht Radiology IT” created.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nordlicht Radiology IT")
    expect(page.get_by_role("heading", level=1)).to_contain_text("VNA")
    assert created.kind == Vendor.Kind.VNA
    assert created.support_phone == "+49 40 1234 5678"

    # Edit: a new support phone, recorded in the change history from old to new.
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit vendor “Nordlicht Radiology IT”")).to_be_visible()
    page.get_by_label("Support phone").fill("+49 40 9999 0000")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/vendors/{created.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Vendor “Nordlicht Radiology IT” saved.")
    expect(page.locator(".card").filter(has_text="Support").first).to_contain_text("+49 40 9999 0000")
    history = page.locator(".card").filter(has=page.get_by_text("Change history", exact=True))
    # Newest first: the update, then the creation.
    latest = history.locator("tbody tr").first
    expect(latest).to_contain_text("Petra Admin")
    expect(latest).to_contain_text("Update")
    change = latest.locator(".history-change div").filter(has_text="support phone")
    expect(change).to_have_text(re.compile(r"support phone:\s*\+49 40 1234 5678\s*→\s*\+49 40 9999 0000"))
    shot(page, "vendor-detail-history")
    created.refresh_from_db()
    assert created.support_phone == "+49 40 9999 0000"

    # Delete through the confirmation page.
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete “Nordlicht Radiology IT”?")).to_be_visible()
    shot(page, "vendor-confirm-delete")
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(f"{live_server.url}/vendors/")
    expect(page.get_by_role("alert")).to_contain_text("Vendor “Nordlicht Radiology IT” deleted.")
    expect(page.locator("table tbody")).not_to_contain_text("Nordlicht Radiology IT")
    assert not Vendor.objects.filter(pk=created.pk).exists()


def test_admin_creates_a_contract_and_manages_its_documents(login, live_server, vendor, admin_user, shot):
    page = login(admin_user)
    page.goto(f"{live_server.url}{vendor.get_absolute_url()}")
    page.get_by_role("link", name="Add contract").click()
    expect(page.get_by_role("heading", name="Add contract")).to_be_visible()
    expect(page.get_by_label("Vendor")).to_have_value(str(vendor.pk))

    page.get_by_label("Reference").fill("MER-2027-01")
    page.get_by_label("Title").fill("PACS support and maintenance")
    page.get_by_label("Start date").fill("2027-06-01")
    page.get_by_label("End date").fill("2027-01-31")
    page.get_by_label("Annual support fee").fill("48000")
    page.get_by_role("button", name="Create").click()

    expect(page.get_by_role("alert")).to_contain_text("The contract cannot end before it starts.")
    expect(page.get_by_label("Reference")).to_have_value("MER-2027-01")
    shot(page, "contract-form-error")
    assert not Contract.objects.exists()

    page.get_by_label("End date").fill("2030-05-31")
    page.get_by_role("button", name="Create").click()
    contract = Contract.objects.get(reference="MER-2027-01")
    expect(page).to_have_url(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Contract “MER-2027-01” created.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("MER-2027-01")
    terms = page.locator(".card").filter(has_text="Terms")
    expect(terms).to_contain_text("2027-06-01 – 2030-05-31")
    expect(terms).to_contain_text("48,000.00 EUR")
    assert contract.vendor == vendor
    assert str(contract.end_date) == "2030-05-31"

    # Attach a PDF, then download it again: the same bytes come back.
    page.get_by_label("Title").fill("Signed contract")
    page.locator("#id_file").set_input_files(
        files=[{"name": "signed-contract.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}]
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("alert")).to_contain_text("Document “Signed contract” attached.")
    documents = page.locator(".card").filter(has=page.get_by_text("Documents", exact=True))
    row = documents.locator("tbody tr").filter(has_text="Signed contract")
    expect(row).to_contain_text("signed-contract.pdf")
    shot(page, "contract-detail-document")

    with page.expect_download() as download_info:
        row.get_by_role("link", name="signed-contract.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "signed-contract.pdf"
    assert Path(download.path()).read_bytes() == SMALL_PDF

    # An executable is refused with a reason, and nothing more is stored.
    page.get_by_label("Title").fill("Installer")
    page.locator("#id_file").set_input_files(
        files=[{"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00fake"}]
    )
    page.get_by_role("button", name="Attach").click()
    # The error stands at the file field, and the title typed is kept.
    upload_form = page.locator("#attach-document")
    expect(upload_form).to_contain_text("Allowed file types:")
    expect(upload_form).to_contain_text(".pdf")
    expect(page.get_by_label("Title")).to_have_value("Installer")
    expect(documents.locator("tbody tr")).to_have_count(1)
    shot(page, "contract-detail-rejected-upload")
    assert list(ContractDocument.objects.values_list("title", flat=True)) == ["Signed contract"]


def test_staff_user_reads_vendors_but_cannot_add(login, live_server, vendor, staff_user, shot):
    page = login(staff_user)
    page.goto(f"{live_server.url}/vendors/")
    expect(page.get_by_role("heading", name="Vendors")).to_be_visible()
    expect(page.locator("table tbody")).to_contain_text("Meridian Imaging Systems")
    expect(page.get_by_role("link", name="Add vendor")).to_have_count(0)
    shot(page, "vendors-staff")

    response = page.goto(f"{live_server.url}/vendors/add/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(page.get_by_text("Your role cannot add, edit and delete vendors.")).to_be_visible()
    shot(page, "forbidden")
    assert Vendor.objects.count() == 1


def test_choosing_the_vendor_changes_the_tickets_lists_in_place(
    login, live_server, vendor, other_vendor, staff_user, shot
):
    from slas.tests.factories import incident_for

    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")
    ComponentFactory(vendor=other_vendor, name="Cloud Viewer", site="")
    ContactFactory(vendor=vendor, name="Service Desk")
    ContactFactory(vendor=other_vendor, name="Service Desk", role="engineer")
    incident_for(vendor, title="Archive unreachable", components=[archive])

    page = login(staff_user)
    page.goto(f"{live_server.url}/tickets/add/")
    component, contact, incident = (
        page.locator(f"#id_{name}") for name in ("component", "assignee_contact", "incident")
    )
    expect(component.locator("option")).to_have_text(["— choose the vendor first —"])
    page.get_by_label("Title").fill("Priors missing")  # typed text survives: the lists change in place

    page.get_by_label("Vendor").select_option(label=vendor.name)
    expect(component.locator("option")).to_have_text(["—", "Enterprise Archive (Main campus)"])
    expect(contact.locator("option")).to_have_text(["—", "Service Desk (support desk)"])
    expect(incident.locator("option")).to_contain_text(["—", "Archive unreachable"])
    for select in (component, contact, incident):
        expect(select).to_have_value("")  # nothing of the new vendor is picked for the user
    shot(page, "ticket-form-vendor-chosen")

    page.get_by_label("Vendor").select_option(label=other_vendor.name)
    expect(component.locator("option")).to_have_text(["—", "Cloud Viewer"])
    expect(contact.locator("option")).to_have_text(["—", "Service Desk (engineer)"])
    expect(incident.locator("option")).to_have_text(["—"])
    expect(component).to_have_value("")
    expect(page.get_by_label("Title")).to_have_value("Priors missing")
