"""An error on the PDF route comes as JSON, as documented, even when the client asked for the
PDF (found by the schemathesis run, pacsvendor/tests/test_api_fuzz.py: ``?format=pdf`` with an
unknown parameter answered the JSON error labelled ``application/pdf``)."""

import pytest
from rest_framework.test import APIClient

from core.testing.openapi import assert_matches_schema
from reports.tests.factories import MARCH, report_for
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", [{"format": "pdf"}, {}], ids=["format-pdf", "accept-pdf"])
def test_an_unknown_parameter_on_the_pdf_route_is_a_json_400(admin_api: APIClient, vendor: Vendor, asked) -> None:
    report = report_for(vendor, MARCH, pdf=b"%PDF-1.7 stored")

    response = admin_api.get(
        f"/api/v1/reports/{report.pk}/pdf/", {**asked, "colour": "red"}, HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["colour"]
    assert_matches_schema(response, "/api/v1/reports/{id}/pdf/")


def test_the_pdf_itself_still_comes_as_a_pdf(admin_api: APIClient, vendor: Vendor) -> None:
    report = report_for(vendor, MARCH, pdf=b"%PDF-1.7 stored")

    response = admin_api.get(f"/api/v1/reports/{report.pk}/pdf/", {"format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7 stored"
    assert_matches_schema(response, "/api/v1/reports/{id}/pdf/")
