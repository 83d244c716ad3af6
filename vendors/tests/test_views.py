import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.testing.queries import queries_per_path
from vendors.models import Contract, ContractDocument, Vendor
from vendors.tests.factories import (
    ComponentFactory,
    ContactFactory,
    ContractFactory,
    VendorFactory,
    vendor_with_related,
)

pytestmark = pytest.mark.django_db


def _csv(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_vendor_list_filters_sorts_and_exports(admin_client: Client) -> None:
    VendorFactory(name="Alpha Imaging", kind=Vendor.Kind.PACS)
    VendorFactory(name="Zeta Archive", kind=Vendor.Kind.VNA)
    VendorFactory(name="=HYPERLINK(evil)", kind=Vendor.Kind.PACS)

    page = admin_client.get("/vendors/", {"kind": "pacs", "sort": "-name"})
    assert page.status_code == 200
    rows = [row.record.name for row in page.context["table"].page.object_list]
    assert rows == ["Alpha Imaging", "=HYPERLINK(evil)"]

    export = admin_client.get("/vendors/", {"kind": "pacs", "sort": "name", "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"].startswith('attachment; filename="vendors-')
    table = _csv(export)
    assert table[0][:3] == ["Name", "Kind", "Support phone"]
    # Sorted as asked, and a cell that spreadsheets would run as a formula is neutralised.
    assert [row[0] for row in table[1:]] == ["'=HYPERLINK(evil)", "Alpha Imaging"]


def test_filters_stick_for_the_session_until_reset(admin_client: Client) -> None:
    admin_client.get("/vendors/", {"kind": "vna"})
    response = admin_client.get("/vendors/")
    assert response.status_code == 302
    assert response["Location"] == "/vendors/?kind=vna"
    assert admin_client.get("/vendors/", {"clear": "1"})["Location"] == "/vendors/"
    assert admin_client.get("/vendors/").status_code == 200


def test_list_pages_use_a_constant_number_of_queries(admin_client: Client) -> None:
    paths = ["/vendors/?page=1", "/contacts/?page=1", "/contracts/?page=1", "/components/?page=1"]
    vendor_with_related()
    few = queries_per_path(admin_client, paths)
    for _ in range(12):
        vendor_with_related(contacts=3, components=2)
    many = queries_per_path(admin_client, paths)
    assert many == few


def test_vendor_detail_shows_related_objects_and_history(admin_client: Client) -> None:
    vendor = VendorFactory(name="Meridian")
    ContactFactory(vendor=vendor, name="Jonas Richter")
    ContractFactory(vendor=vendor, reference="MIS-2024-017")
    ComponentFactory(vendor=vendor, name="Enterprise Archive")
    admin_client.post(f"/vendors/{vendor.pk}/edit/", {"name": "Meridian", "kind": "pacs", "support_phone": "+49 1"})
    page = admin_client.get(f"/vendors/{vendor.pk}/").content.decode()
    for text in ("Jonas Richter", "MIS-2024-017", "Enterprise Archive", "Change history", "support phone"):
        assert text in page


def test_staff_reads_detail_without_history_or_edit_buttons(staff_client: Client) -> None:
    vendor = VendorFactory(name="Meridian")
    page = staff_client.get(f"/vendors/{vendor.pk}/").content.decode()
    assert "Meridian" in page
    assert "Change history" not in page
    assert f"/vendors/{vendor.pk}/edit/" not in page


def test_create_with_errors_keeps_nothing_and_explains(admin_client: Client, vendor: Vendor) -> None:
    response = admin_client.post(
        "/contracts/add/",
        {
            "vendor": vendor.pk,
            "reference": "C-9",
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
            "annual_fee": "1000",
            "currency": "eur",
            "renewal_notice_days": "90",
        },
    )
    assert response.status_code == 200
    assert "The contract cannot end before it starts." in response.content.decode()
    assert not Contract.objects.exists()

    response = admin_client.post(
        "/contracts/add/",
        {
            "vendor": vendor.pk,
            "reference": "C-9",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "annual_fee": "1000",
            "currency": "eur",
            "renewal_notice_days": "90",
        },
    )
    contract = Contract.objects.get()
    assert response["Location"] == f"/contracts/{contract.pk}/"
    assert contract.currency == "EUR"


def test_add_contact_from_vendor_page_preselects_the_vendor(admin_client: Client, vendor: Vendor) -> None:
    form = admin_client.get("/contacts/add/", {"vendor": vendor.pk}).context["form"]
    assert str(form["vendor"].value()) == str(vendor.pk)


def test_delete_refused_while_contracts_exist(admin_client: Client) -> None:
    contract = ContractFactory()
    response = admin_client.post(f"/vendors/{contract.vendor_id}/delete/", follow=True)
    assert "cannot be deleted while it still has contracts" in response.content.decode()
    assert Vendor.objects.filter(pk=contract.vendor_id).exists()


def test_delete_after_confirmation(admin_client: Client) -> None:
    component = ComponentFactory()
    assert admin_client.get(f"/components/{component.pk}/delete/").status_code == 200
    response = admin_client.post(f"/components/{component.pk}/delete/")
    assert response["Location"] == "/components/"
    assert not type(component).objects.filter(pk=component.pk).exists()


def test_contract_document_upload_download_delete(admin_client: Client, django_capture_on_commit_callbacks) -> None:
    contract = ContractFactory()
    upload = SimpleUploadedFile("schedule.pdf", b"%PDF-1.4 schedule", content_type="application/pdf")
    admin_client.post(f"/contracts/{contract.pk}/documents/add/", {"title": "Schedule A", "file": upload})
    document = ContractDocument.objects.get()
    assert document.size_bytes == len(b"%PDF-1.4 schedule")

    download = admin_client.get(f"/documents/{document.pk}/download/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 schedule"
    assert download["Content-Disposition"] == 'attachment; filename="schedule.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"

    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/documents/{document.pk}/delete/")
    assert not ContractDocument.objects.exists()
    assert not path.exists()


def test_contract_document_with_a_forbidden_type_is_refused(admin_client: Client) -> None:
    contract = ContractFactory()
    upload = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    response = admin_client.post(
        f"/contracts/{contract.pk}/documents/add/", {"title": "Tool", "file": upload}, follow=True
    )
    assert "Allowed file types" in response.content.decode()
    assert not ContractDocument.objects.exists()
