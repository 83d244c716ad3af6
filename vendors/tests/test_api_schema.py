"""A contract document's download is documented with the file's own type (found by the
schemathesis run, pacsvendor/tests/test_api_fuzz.py: the schema said JSON, the answer is a PDF)."""

import pytest
from rest_framework.test import APIClient

from core.testing.openapi import assert_matches_schema
from vendors.models import Vendor
from vendors.tests.factories import ContractDocumentFactory, ContractFactory

pytestmark = pytest.mark.django_db


def test_a_document_download_answers_the_file_with_a_documented_content_type(
    admin_api: APIClient, vendor: Vendor
) -> None:
    document = ContractDocumentFactory(contract=ContractFactory(vendor=vendor), title="Signed contract")

    response = admin_api.get(f"/api/v1/contract-documents/{document.pk}/download/")

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert_matches_schema(response, "/api/v1/contract-documents/{id}/download/")
