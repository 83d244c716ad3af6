"""The demo vendors' contracts come with documents to download (devtools/demo/vendors_documents.py)."""

import pytest
from django.test import Client

from devtools.demo import vendors as vendors_demo
from devtools.demo.vendors_documents import DOCUMENTS
from devtools.seeding import DemoSeeder
from vendors.models import ContractDocument

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
