import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.testing.queries import queries_per_path
from vendors.models import Contact, Contract, Vendor
from vendors.tests.factories import (
    ContactFactory,
    ContractFactory,
    VendorFactory,
    vendor_with_related,
)

pytestmark = pytest.mark.django_db


def test_admin_creates_updates_and_deletes_a_vendor(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/vendors/", {"name": "Archivault Health", "kind": "vna"}, format="json")
    assert response.status_code == 201, response.content
    vendor_id = response.json()["id"]
    assert response.json()["contact_count"] == 0

    response = admin_api.patch(f"/api/v1/vendors/{vendor_id}/", {"support_phone": "+49 89 555 0200"}, format="json")
    assert response.status_code == 200
    assert Vendor.objects.get(pk=vendor_id).support_phone == "+49 89 555 0200"

    assert admin_api.delete(f"/api/v1/vendors/{vendor_id}/").status_code == 204
    assert not Vendor.objects.filter(pk=vendor_id).exists()


def test_bad_input_answers_400_with_field_messages(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.post("/api/v1/vendors/", {"kind": "nonsense"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "kind"}

    response = admin_api.post(
        "/api/v1/contracts/",
        {
            "vendor": vendor.pk,
            "reference": "C-1",
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
            "annual_fee": "-5",
            "currency": "euro",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "annual_fee" in body
    assert "currency" in body
    assert not Contract.objects.exists()


def test_model_rules_apply_to_the_api_as_to_forms(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.post(
        "/api/v1/contracts/",
        {
            "vendor": vendor.pk,
            "reference": "C-1",
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
            "annual_fee": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The contract cannot end before it starts."]}

    response = admin_api.post("/api/v1/contacts/", {"vendor": vendor.pk, "name": "Nobody", "role": "engineer"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Give at least an email address or a phone number."]}

    VendorFactory(name="Sectra-like Vendor")
    response = admin_api.post("/api/v1/vendors/", {"name": "sectra-LIKE vendor", "kind": "pacs"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A vendor with this name exists."]}


def test_deleting_a_vendor_with_contracts_is_refused_with_409(admin_api: APIClient) -> None:
    contract = ContractFactory()
    response = admin_api.delete(f"/api/v1/vendors/{contract.vendor_id}/")
    assert response.status_code == 409
    assert "contracts" in response.json()["detail"]
    assert Vendor.objects.filter(pk=contract.vendor_id).exists()


def test_filters_search_and_ordering(admin_api: APIClient) -> None:
    pacs = VendorFactory(name="Alpha PACS", kind=Vendor.Kind.PACS)
    VendorFactory(name="Beta AI", kind=Vendor.Kind.AI)
    ContactFactory(vendor=pacs, name="Jonas Richter", role=Contact.Role.ENGINEER, escalation_level=2)
    ContactFactory(vendor=pacs, name="Service Desk", role=Contact.Role.SUPPORT_DESK)

    names = [v["name"] for v in admin_api.get("/api/v1/vendors/", {"kind": "pacs"}).json()["results"]]
    assert names == ["Alpha PACS"]
    names = [v["name"] for v in admin_api.get("/api/v1/vendors/", {"q": "beta"}).json()["results"]]
    assert names == ["Beta AI"]
    names = [v["name"] for v in admin_api.get("/api/v1/vendors/", {"ordering": "-name"}).json()["results"]]
    assert names == ["Beta AI", "Alpha PACS"]
    contacts = admin_api.get("/api/v1/contacts/", {"vendor": pacs.pk, "role": "engineer"}).json()
    assert [c["name"] for c in contacts["results"]] == ["Jonas Richter"]
    assert contacts["count"] == 1


def test_contract_status_filter(admin_api: APIClient) -> None:
    today = datetime.date.today()
    ContractFactory(reference="RUNNING", start_date=today - datetime.timedelta(days=10))
    ContractFactory(reference="ENDED", start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 1, 1))
    ContractFactory(reference="NEXT", start_date=today + datetime.timedelta(days=10))
    for status, expected in (("active", ["RUNNING"]), ("expired", ["ENDED"]), ("upcoming", ["NEXT"])):
        results = admin_api.get("/api/v1/contracts/", {"status": status}).json()["results"]
        assert [c["reference"] for c in results] == expected


def test_list_endpoints_use_a_constant_number_of_queries(admin_api: APIClient) -> None:
    paths = ["/api/v1/vendors/", "/api/v1/contacts/", "/api/v1/contracts/", "/api/v1/components/"]
    vendor_with_related()
    few = queries_per_path(admin_api, paths)
    for _ in range(15):
        vendor_with_related(contacts=3, components=2)
    many = queries_per_path(admin_api, paths)
    assert many == few
    assert max(many.values()) <= 4


def test_token_authenticated_change_is_attributed_in_the_audit_trail(admin_user: object, vendor: Vendor) -> None:
    token = Token.objects.create(user=admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.patch(f"/api/v1/vendors/{vendor.pk}/", {"support_email": "desk@meridian.example"})
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(vendor).latest("timestamp")
    assert entry.actor == admin_user
    assert entry.changes_dict["support_email"][1] == "desk@meridian.example"


def test_api_writes_leave_no_audit_receiver_behind(admin_user: object, vendor: Vendor) -> None:
    # Each audited write connects a pre_save receiver for its actor; all must be gone after the
    # request, or every later save of the process runs one more receiver per past write.
    token = Token.objects.create(user=admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    before = len(pre_save.receivers)
    for n in range(3):
        response = client.patch(f"/api/v1/vendors/{vendor.pk}/", {"support_email": f"desk{n}@meridian.example"})
        assert response.status_code == 200
    assert len(pre_save.receivers) == before
    updates = LogEntry.objects.get_for_object(vendor).filter(action=LogEntry.Action.UPDATE).order_by("timestamp")
    assert [(entry.actor, entry.changes_dict["support_email"][1]) for entry in updates] == [
        (admin_user, f"desk{n}@meridian.example") for n in range(3)
    ]


def test_contract_documents_upload_download_and_type_check(admin_api: APIClient) -> None:
    contract = ContractFactory()
    pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed contract", content_type="application/pdf")
    response = admin_api.post(
        "/api/v1/contract-documents/", {"contract": contract.pk, "title": "Signed", "file": pdf}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["size_bytes"] == len(b"%PDF-1.4 signed contract")
    download = admin_api.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed contract"
    assert "attachment" in download["Content-Disposition"]

    exe = SimpleUploadedFile("setup.exe", b"MZ", content_type="application/octet-stream")
    response = admin_api.post(
        "/api/v1/contract-documents/", {"contract": contract.pk, "title": "Bad", "file": exe}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()
    assert contract.documents.count() == 1


def test_vendor_user_reads_own_vendor_through_the_api(vendor_api: APIClient, vendor: Vendor) -> None:
    ContactFactory(vendor=vendor, name="Own contact")
    ContactFactory(vendor=VendorFactory(), name="Someone else")
    results = vendor_api.get("/api/v1/contacts/").json()["results"]
    assert [c["name"] for c in results] == ["Own contact"]
    assert vendor_api.get("/api/v1/vendors/").json()["count"] == 1
