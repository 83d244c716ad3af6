"""The demo vendors' contracts come with documents to download (devtools/demo/vendors_documents.py),
and their components with interfaces (devtools/demo/vendors_interfaces.py)."""

import pytest
from django.test import Client

from accounts.tests.factories import VendorUserFactory
from devtools.demo import vendors as vendors_demo
from devtools.demo.vendors_documents import DOCUMENTS
from devtools.demo.vendors_interfaces import INTERFACES
from devtools.seeding import DemoSeeder
from vendors.models import ContractDocument, Interface, Vendor

pytestmark = pytest.mark.django_db


def test_every_demo_contract_has_its_signed_documents_once(admin_client: Client) -> None:
    first = DemoSeeder()
    vendors_demo.seed(first)
    again = DemoSeeder()
    vendors_demo.seed(again)

    expected = sum(len(documents) for documents in DOCUMENTS.values())
    assert first.created["contract documents"] == expected
    assert "contract documents" not in again.created
    assert ContractDocument.objects.count() == expected
    for reference, documents in DOCUMENTS.items():
        titles = set(ContractDocument.objects.filter(contract__reference=reference).values_list("title", flat=True))
        assert titles == {title for title, _ in documents}, reference

    document = ContractDocument.objects.get(title="Schedule 2: service levels")
    assert document.filename.endswith(".pdf")
    assert (
        f"/documents/{document.pk}/download/" in admin_client.get(document.contract.get_absolute_url()).content.decode()
    )
    response = admin_client.get(f"/documents/{document.pk}/download/")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert len(content) == document.size_bytes


def test_every_demo_vendor_has_interfaces_on_its_pages_and_in_its_portal(admin_client: Client) -> None:
    first = DemoSeeder()
    vendors_demo.seed(first)
    again = DemoSeeder()
    vendors_demo.seed(again)
    assert first.created["interfaces"] == len(INTERFACES)
    assert "interfaces" not in again.created
    protocols = set(Interface.objects.values_list("protocol", flat=True))
    assert protocols == {"hl7v2", "dicom", "dicomweb", "fhir"}
    for vendor in Vendor.objects.all():
        page = admin_client.get(vendor.get_absolute_url()).content.decode()
        own = Interface.objects.visible_to(VendorUserFactory(vendor=vendor))
        assert own.count() >= 3, vendor
        for interface in own:
            assert interface.name in page, (vendor, interface.name)
