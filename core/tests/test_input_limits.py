"""Input that cannot hurt: derived text made to fit, request bodies capped, failed requests undone."""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from core.text import ELLIPSIS, FILENAME_BYTES, fit, fit_filename, single_line
from vendors.api.serializers import VendorSerializer
from vendors.models import ContractDocument, Vendor
from vendors.tests.factories import ContractFactory
from vendors.views import VendorUpdateView

# --- text made to fit ------------------------------------------------------------------------------


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_fitted_text_fits_and_keeps_its_start(text: str, max_length: int) -> None:
    fitted = fit(text, max_length)
    assert len(fitted) <= max_length
    if len(text) <= max_length:
        assert fitted == text
    else:
        assert fitted.endswith(ELLIPSIS)
        assert text.startswith(fitted[: -len(ELLIPSIS)])


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_a_single_line_has_no_line_break_or_control_character(text: str, max_length: int) -> None:
    line = single_line(text, max_length)
    assert len(line) <= max_length
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" for ch in line)
    assert line == line.strip()
    assert single_line(line) == line


def test_a_single_line_keeps_the_words() -> None:
    assert single_line("Archive\r\nBcc: someone@example.org\tnow") == "Archive Bcc: someone@example.org now"


@given(st.text(min_size=0, max_size=400), st.sampled_from(["", ".pdf", ".tar.gz", ".x" * 20]))
def test_a_fitted_file_name_fits_every_file_system_and_stays_in_its_folder(stem: str, suffix: str) -> None:
    name = fit_filename(stem + suffix)
    assert 0 < len(name) <= 100
    assert len(name.encode()) <= FILENAME_BYTES
    assert "/" not in name
    assert "\\" not in name
    assert name not in (".", "..")
    assert single_line(name) == name


def test_a_fitted_file_name_keeps_its_extension() -> None:
    assert fit_filename("a" * 300 + ".pdf") == "a" * 96 + ".pdf"
    assert fit_filename("../../etc/passwd") == "passwd"
    assert fit_filename("C:\\Users\\me\\report.docx") == "report.docx"
    assert fit_filename("") == "file"


# --- request bodies ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_api_body_over_the_cap_answers_413_in_json_and_saves_nothing(admin_api: APIClient, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    body = json.dumps({"name": "Big", "notes": "x" * 60_000})
    response = admin_api.generic("POST", "/api/v1/vendors/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"non_field_errors": ["The request body is over the limit of 50,000 bytes."]}
    assert not Vendor.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_form_over_the_cap_answers_413_with_a_page(admin_client: Client, settings, encoding: str) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    data = {"name": "Big", "kind": "pacs", "notes": "x" * 60_000}
    if encoding == "multipart/form-data":
        response = admin_client.post("/vendors/add/", data)
    else:
        response = admin_client.post("/vendors/add/", urlencode(data), content_type=encoding)
    assert response.status_code == 413
    page = response.content.decode()
    assert "This is more than the site accepts" in page
    assert "The request is larger than the limit of 48.8" in page
    assert not Vendor.objects.exists()


@pytest.mark.django_db
def test_form_data_over_the_cap_in_an_api_upload_answers_413_in_json(admin_api: APIClient, settings) -> None:
    # Multipart bodies carry files, which have their own limits; their other parts are capped.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    contract = ContractFactory()
    upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = admin_api.post(
        "/api/v1/contract-documents/",
        {"contract": contract.pk, "title": "x" * 60_000, "file": upload},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json() == {"non_field_errors": ["The request body is over the limit of 50,000 bytes."]}
    assert not ContractDocument.objects.exists()


# --- a request that fails saves nothing ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_api_write_that_fails_while_answering_is_undone(admin_api: APIClient, vendor: Vendor, monkeypatch) -> None:
    def broken(self: VendorSerializer, instance: Vendor) -> dict:
        raise RuntimeError("failed after the save")

    monkeypatch.setattr(VendorSerializer, "to_representation", broken)
    admin_api.raise_request_exception = False
    response = admin_api.patch(f"/api/v1/vendors/{vendor.pk}/", {"notes": "saved?"}, format="json")
    assert response.status_code == 500
    vendor.refresh_from_db()
    assert vendor.notes == ""


@pytest.mark.django_db
def test_a_form_write_that_fails_while_answering_is_undone(admin_client: Client, vendor: Vendor, monkeypatch) -> None:
    def broken(self: VendorUpdateView) -> str:
        raise RuntimeError("failed after the save")

    monkeypatch.setattr(VendorUpdateView, "get_success_url", broken)
    admin_client.raise_request_exception = False
    response = admin_client.post(f"/vendors/{vendor.pk}/edit/", {"name": "Renamed", "kind": "pacs"})
    assert response.status_code == 500
    vendor.refresh_from_db()
    assert vendor.name == "Meridian Imaging Systems"


@pytest.mark.django_db
def test_a_view_whose_parsers_take_more_keeps_its_own_limit(admin_api: APIClient, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    samples = json.dumps([{"kpi": "no_such_kpi", "vendor": 1, "value": 1, "note": "x" * 60_000}])
    response = admin_api.generic("POST", "/api/v1/kpi-samples/", samples, content_type="application/json")
    assert response.status_code == 400  # read and judged by the endpoint, which takes 16 MiB
    assert "samples" in response.json()
