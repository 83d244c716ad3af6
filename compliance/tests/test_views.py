"""The hospital pages of compliance documents and the portal's: the matrix and its CSV, filing,
reviewing, the download, and what each audience may reach."""

import datetime as dt

import pytest
from django.utils import timezone

from compliance.models import ComplianceDocument, Outcome
from compliance.tests.factories import PDF_BYTES, document_for, document_type, pdf
from notifications.models import Notification
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def upload_data(**overrides):
    today = timezone.localdate()
    data = {
        "document_type": document_type("soc2-type2").pk,
        "version": "2026",
        "issued_on": f"{today - 5 * DAY:%Y-%m-%d}",
        "valid_until": f"{today + 360 * DAY:%Y-%m-%d}",
        "scope": "Cloud archive",
        "file": pdf("soc2-2026.pdf"),
    }
    return {**data, **overrides}


def test_the_matrix_shows_each_state_as_text_and_colour(admin_client, vendor, django_assert_max_num_queries):
    vendor.hosts_data = True
    vendor.save()
    document_for(vendor, "soc2-type2", valid_for_days=40)
    for number in range(10):
        VendorFactory(name=f"Vendor {number}")
    with django_assert_max_num_queries(12):
        response = admin_client.get("/compliance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="badge text-bg-warning text-decoration-none"' in html
    soc2 = document_type("soc2-type2")
    assert f'href="/compliance/documents/?vendor={vendor.pk}&amp;document_type={soc2.pk}"' in html
    assert "Expiring" in html
    assert "Missing" in html
    assert html.count("<tr>") == 1 + 11


def test_the_matrix_filters_by_vendor_kind(admin_client, vendor):
    VendorFactory(name="Lung AI", kind=Vendor.Kind.AI)
    html = admin_client.get("/compliance/?kind=ai").content.decode()
    assert "Lung AI" in html
    assert vendor.name not in html


def test_the_matrix_as_csv(admin_client, vendor):
    document_for(vendor, "cyber-insurance", valid_for_days=200)
    response = admin_client.get("/compliance/?export=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Vendor,Kind,Hosts our data,BAA,DPA (GDPR art. 28),SOC 2 Type II report")
    row = next(line for line in lines if line.startswith(vendor.name))
    until = timezone.localdate() + 200 * DAY
    assert f"Valid (until {until:%Y-%m-%d})" in row
    assert row.endswith(",1,3")  # cyber insurance valid; cyber insurance, MDS2, pen test required


def test_an_admin_uploads_for_a_vendor_and_accepts_it(admin_client, vendor, admin_user):
    response = admin_client.post("/compliance/documents/add/", upload_data(vendor=vendor.pk))
    document = ComplianceDocument.objects.get()
    assert response.status_code == 302
    assert (document.vendor, document.outcome, document.uploaded_by) == (vendor, Outcome.PENDING, admin_user)

    page = admin_client.get(f"/compliance/documents/{document.pk}/").content.decode()
    assert "Review this document" in page
    response = admin_client.post(f"/compliance/documents/{document.pk}/review/", {"outcome": "accepted", "notes": ""})
    assert response.status_code == 302
    assert ComplianceDocument.objects.get().outcome == Outcome.ACCEPTED
    assert "Review this document" not in admin_client.get(f"/compliance/documents/{document.pk}/").content.decode()


def test_a_rejection_without_a_reason_is_shown_on_the_form(admin_client, vendor):
    document = document_for(vendor, outcome=Outcome.PENDING)
    response = admin_client.post(f"/compliance/documents/{document.pk}/review/", {"outcome": "rejected", "notes": ""})
    assert response.status_code == 400
    assert "Write down why it is rejected" in response.content.decode()
    assert ComplianceDocument.objects.get().outcome == Outcome.PENDING


def test_an_upload_of_the_wrong_type_is_a_form_error(admin_client, vendor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ")
    response = admin_client.post("/compliance/documents/add/", upload_data(vendor=vendor.pk, file=bad))
    assert response.status_code == 200
    assert "Allowed file types" in response.content.decode()
    assert not ComplianceDocument.objects.exists()


def test_staff_read_but_neither_upload_nor_review(staff_client, vendor):
    document = document_for(vendor, outcome=Outcome.PENDING)
    assert staff_client.get("/compliance/").status_code == 200
    assert "Review this document" not in staff_client.get(f"/compliance/documents/{document.pk}/").content.decode()
    assert staff_client.post("/compliance/documents/add/", upload_data(vendor=vendor.pk)).status_code == 403
    assert staff_client.post(f"/compliance/documents/{document.pk}/review/", {"outcome": "accepted"}).status_code == 403
    assert ComplianceDocument.objects.get().outcome == Outcome.PENDING


def test_the_download_is_the_file_as_an_attachment(admin_client, vendor):
    document = document_for(vendor)
    response = admin_client.get(f"/compliance/documents/{document.pk}/download/")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")


def test_the_document_list_reads_flat(admin_client, django_assert_max_num_queries):
    for number in range(15):
        document_for(VendorFactory(name=f"Vendor {number}"), "cyber-insurance")
    with django_assert_max_num_queries(14):
        response = admin_client.get("/compliance/documents/")
    assert response.content.decode().count("Cyber insurance certificate</a>") == 15


def test_an_admin_adds_a_document_type_that_the_matrix_then_asks_for(admin_client, vendor):
    response = admin_client.post(
        "/compliance/document-types/add/",
        {
            "name": "Tabletop exercise report",
            "code": "tabletop",
            "required_for": "all",
            "vendor_kinds": ["pacs"],
            "expires": "on",
            "position": 9,
            "active": "on",
        },
    )
    assert response.status_code == 302
    html = _matrix_row(admin_client, vendor)
    assert "Tabletop exercise report" in admin_client.get("/compliance/").content.decode()
    assert html.count("Missing") == 4  # pen test, MDS2, cyber insurance, tabletop


def _matrix_row(client, vendor):
    html = client.get("/compliance/").content.decode()
    start = html.index(f'?vendor={vendor.pk}"')
    return html[start : html.index("</tr>", start)]


# --- the portal ---


def test_a_vendor_sees_what_it_owes_and_uploads_a_renewal_which_the_admin_hears_of(
    vendor_client, vendor, vendor_user, admin_user
):
    document_for(vendor, "cyber-insurance", valid_for_days=20, version="2025")
    page = vendor_client.get("/portal/compliance/").content.decode()
    assert "Expiring" in page
    assert "Upload the renewal" in page

    response = vendor_client.post(
        "/portal/compliance/upload/", upload_data(document_type=document_type("cyber-insurance").pk)
    )

    renewal = ComplianceDocument.objects.get(version="2026")
    assert response.status_code == 302
    assert response["Location"] == f"/portal/compliance/documents/{renewal.pk}/"
    assert (renewal.vendor, renewal.outcome, renewal.uploaded_by) == (vendor, Outcome.PENDING, vendor_user)
    assert Notification.objects.filter(recipient=admin_user, event_type="compliance_document_submitted").exists()
    detail = vendor_client.get(response["Location"]).content.decode()
    assert "Pending review" in detail
    assert "2025" in detail


def test_the_portal_upload_shows_a_bad_date_at_its_field(vendor_client, vendor):
    today = timezone.localdate()
    response = vendor_client.post("/portal/compliance/upload/", upload_data(valid_until=f"{today - 30 * DAY:%Y-%m-%d}"))
    assert response.status_code == 200
    assert "The valid-until date must be after the issue date." in response.content.decode()
    assert not ComplianceDocument.objects.exists()


def test_a_vendor_never_reaches_another_vendors_documents_nor_the_hospital_pages(vendor_client, other_vendor):
    foreign = document_for(other_vendor)
    assert vendor_client.get(f"/portal/compliance/documents/{foreign.pk}/").status_code == 404
    assert vendor_client.get(f"/portal/compliance/documents/{foreign.pk}/download/").status_code == 404
    assert vendor_client.get("/compliance/").status_code == 404
    assert other_vendor.name not in vendor_client.get("/portal/compliance/").content.decode()
