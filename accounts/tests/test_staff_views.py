"""The staff directory's pages and API: staff read it, admins keep and import it, vendors never
reach it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Profession, StaffMember
from accounts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

HR_FILE = (
    "staff_number,name,email,profession,department,site,start_date,active\n"
    "10042,Dr. Amira Haddad,a.haddad@hospital.example,radiologist,Radiology,Main campus,2019-09-01,yes\n"
)


def upload(content: str) -> dict:
    return {"file": SimpleUploadedFile("hr.csv", content.encode(), content_type="text/csv")}


def test_the_list_filters_by_profession_and_site(staff_client: Client, django_assert_max_num_queries) -> None:
    StaffMemberFactory(name="Rita Radiologist", profession=Profession.RADIOLOGIST, site="North")
    StaffMemberFactory(name="Tom Technologist", profession=Profession.RADIOGRAPHER, site="North")
    StaffMemberFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        page = staff_client.get("/staff/", {"profession": "radiologist", "site": "north"}).content.decode()
    assert "Rita Radiologist" in page
    assert "Tom Technologist" not in page
    assert "Import HR export" not in page
    assert "Add staff member" not in page


def test_the_export_is_the_filtered_list(staff_client: Client) -> None:
    StaffMemberFactory(name="Rita Radiologist", profession=Profession.RADIOLOGIST)
    StaffMemberFactory(name="Tom Technologist", profession=Profession.RADIOGRAPHER)
    body = b"".join(staff_client.get("/staff/", {"profession": "radiologist", "export": "csv"}).streaming_content)
    text = body.decode()
    assert "Rita Radiologist" in text
    assert "Tom Technologist" not in text


def test_an_admin_adds_and_edits_a_person(admin_client: Client) -> None:
    response = admin_client.post(
        "/staff/add/",
        {
            "name": "Noor Ali",
            "staff_number": "77",
            "profession": "it",
            "email": "noor@hospital.example",
            "active": "on",
        },
    )
    noor = StaffMember.objects.get(staff_number="77")
    assert response["Location"] == f"/staff/{noor.pk}/"
    admin_client.post(f"/staff/{noor.pk}/edit/", {"name": "Noor Ali", "staff_number": "77", "profession": "pacs_admin"})
    noor.refresh_from_db()
    assert noor.profession == Profession.PACS_ADMIN
    assert not noor.active


def test_a_duplicate_staff_number_is_a_form_error(admin_client: Client) -> None:
    StaffMemberFactory(staff_number="88")
    response = admin_client.post("/staff/add/", {"name": "Copy", "staff_number": "88", "profession": "it"})
    assert response.status_code == 200
    assert "Another staff member already has this staff number." in response.content.decode()
    assert StaffMember.objects.filter(staff_number="88").count() == 1


def test_the_import_previews_then_imports(admin_client: Client) -> None:
    preview = admin_client.post("/staff/import/", upload(HR_FILE))
    assert preview.status_code == 200
    assert "ready to import" in preview.content.decode()
    assert not StaffMember.objects.exists()
    done = admin_client.post("/staff/import/", {"confirm": "1"}, follow=True)
    assert "1 staff added, 0 updated, 0 unchanged" in done.content.decode()
    assert StaffMember.objects.get().name == "Dr. Amira Haddad"
    again = admin_client.post("/staff/import/", {"confirm": "1"}, follow=True)
    assert "upload the file again" in again.content.decode()


def test_a_bad_import_lists_its_lines_and_stores_nothing(admin_client: Client) -> None:
    response = admin_client.post("/staff/import/", upload(HR_FILE + "1,,x@hospital.example,it,,,,\n"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "name: this column is required" in page
    assert not StaffMember.objects.exists()
    assert admin_client.post("/staff/import/", {"confirm": "1"}).status_code == 302
    assert not StaffMember.objects.exists()


def test_staff_may_not_import_and_vendors_never_reach_the_directory(
    staff_client: Client, vendor_client: Client
) -> None:
    person = StaffMemberFactory()
    assert staff_client.post("/staff/import/", upload(HR_FILE)).status_code == 403
    assert vendor_client.get("/staff/").status_code == 404
    assert vendor_client.get(f"/staff/{person.pk}/").status_code == 404


def test_the_api_reads_for_staff_writes_for_admins_and_hides_from_vendors(
    staff_api: APIClient, admin_api: APIClient, vendor_api: APIClient, django_assert_max_num_queries
) -> None:
    StaffMemberFactory.create_batch(15)
    with django_assert_max_num_queries(6):
        listed = staff_api.get("/api/v1/staff/", {"profession": "radiographer"})
    assert listed.status_code == 200
    assert listed.json()["count"] == 15
    refused = staff_api.post("/api/v1/staff/", {"name": "X", "profession": "it", "staff_number": "9"})
    assert refused.status_code == 403
    created = admin_api.post(
        "/api/v1/staff/", {"name": "Api Person", "profession": "it", "staff_number": "9"}, format="json"
    )
    assert created.status_code == 201
    assert StaffMember.objects.get(staff_number="9").name == "Api Person"
    bad = admin_api.post("/api/v1/staff/", {"name": "Y", "profession": "surgeon"}, format="json")
    assert bad.status_code == 400
    assert "profession" in bad.json()
    assert vendor_api.get("/api/v1/staff/").json()["count"] == 0
    assert vendor_api.get(f"/api/v1/staff/{created.json()['id']}/").status_code == 404
    assert admin_api.delete(f"/api/v1/staff/{created.json()['id']}/").status_code == 405
