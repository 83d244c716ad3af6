"""``/api/v1/compliance-documents/`` and ``/api/v1/compliance-document-types/``."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compliance.models import ComplianceDocument, Outcome
from compliance.tests.factories import PDF_BYTES, document_for, document_type, pdf
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
URL = "/api/v1/compliance-documents/"


def payload(vendor, **overrides):
    today = timezone.localdate()
    data = {
        "vendor": vendor.pk,
        "document_type": document_type("iso27001").pk,
        "version": "2026-A",
        "issued_on": f"{today - 3 * DAY:%Y-%m-%d}",
        "valid_until": f"{today + 3 * 365 * DAY:%Y-%m-%d}",
        "scope": "ISMS of the hosting operations",
        "file": pdf("iso.pdf"),
    }
    return {**data, **overrides}


def test_a_vendor_token_files_a_document_which_waits_for_review(vendor_api, vendor, vendor_user):
    response = vendor_api.post(URL, payload(vendor), format="multipart")
    assert response.status_code == 201, response.content
    stored = ComplianceDocument.objects.get(pk=response.json()["id"])
    assert (stored.vendor, stored.outcome, stored.uploaded_by, stored.version) == (
        vendor,
        Outcome.PENDING,
        vendor_user,
        "2026-A",
    )
    assert response.json()["download_url"] == f"{URL}{stored.pk}/download/"


def test_a_vendor_token_cannot_file_for_another_vendor(vendor_api, other_vendor):
    response = vendor_api.post(URL, payload(other_vendor), format="multipart")
    assert response.status_code == 400
    assert "vendor" in response.json()
    assert not ComplianceDocument.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"file": SimpleUploadedFile("x.html", b"<script>")}, "file"),
        ({"valid_until": "2020-01-01"}, "valid_until"),
    ],
)
def test_bad_input_is_a_400_at_the_field_and_nothing_is_stored(admin_api, vendor, overrides, field):
    response = admin_api.post(URL, payload(vendor, **overrides), format="multipart")
    assert response.status_code == 400
    assert field in response.json()
    assert not ComplianceDocument.objects.exists()


def test_an_admin_reviews_through_the_api(admin_api, vendor, admin_user):
    document = document_for(vendor, outcome=Outcome.PENDING)
    refused = admin_api.post(f"{URL}{document.pk}/review/", {"outcome": "accepted_with_findings"}, format="json")
    assert refused.status_code == 400
    assert "notes" in refused.json()

    response = admin_api.post(
        f"{URL}{document.pk}/review/", {"outcome": "accepted_with_findings", "notes": "Two exceptions"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted_with_findings"
    stored = ComplianceDocument.objects.get()
    assert (stored.outcome, stored.review_notes, stored.reviewed_by) == (
        Outcome.ACCEPTED_WITH_FINDINGS,
        "Two exceptions",
        admin_user,
    )


def test_a_vendor_token_cannot_review(vendor_api, vendor):
    document = document_for(vendor, outcome=Outcome.PENDING)
    assert vendor_api.post(f"{URL}{document.pk}/review/", {"outcome": "accepted"}, format="json").status_code == 403
    assert ComplianceDocument.objects.get().outcome == Outcome.PENDING


def test_a_vendor_token_lists_and_downloads_only_its_own(vendor_api, vendor, other_vendor):
    own = document_for(vendor)
    foreign = document_for(other_vendor)
    listed = vendor_api.get(URL).json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert vendor_api.get(f"{URL}{foreign.pk}/").status_code == 404
    assert vendor_api.get(f"{URL}{foreign.pk}/download/").status_code == 404
    assert b"".join(vendor_api.get(f"{URL}{own.pk}/download/").streaming_content) == PDF_BYTES


def test_documents_are_kept_not_edited(admin_api, vendor):
    document = document_for(vendor)
    assert admin_api.patch(f"{URL}{document.pk}/", {"version": "x"}, format="json").status_code == 405
    assert admin_api.delete(f"{URL}{document.pk}/").status_code == 405


def test_the_list_filters_and_reads_flat(admin_api, django_assert_max_num_queries):
    for number in range(12):
        document_for(VendorFactory(name=f"Vendor {number}"), "mds2")
    target = VendorFactory(name="Target")
    document_for(target, "mds2")
    with django_assert_max_num_queries(6):
        rows = admin_api.get(URL).json()["results"]
    assert len(rows) == 13
    filtered = admin_api.get(URL, {"vendor": target.pk}).json()["results"]
    assert [row["vendor"] for row in filtered] == [target.pk]


def test_every_user_reads_the_types(vendor_api):
    codes = [row["code"] for row in vendor_api.get("/api/v1/compliance-document-types/").json()["results"]]
    assert codes[:3] == ["baa", "dpa", "soc2-type2"]
    assert len(codes) == 8
