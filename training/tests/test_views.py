"""The hospital's training pages: coverage and its export, transcripts, courses with materials,
the requirement matrix and completions; flat queries on lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Course, CourseMaterial, Requirement
from training.tests.factories import CompletionFactory, CourseFactory, RequirementFactory
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_world(vendor) -> dict:
    course = CourseFactory(vendor=vendor, title="Viewer basics")
    RequirementFactory(profession=Profession.RADIOGRAPHER, course=course, due_within_days=30)
    late = StaffMemberFactory(name="Lena Late", profession=Profession.RADIOGRAPHER, site="North")
    done = StaffMemberFactory(name="Dora Done", profession=Profession.RADIOGRAPHER, site="North")
    CompletionFactory(person=done, course=course, completed_on=timezone.localdate() - datetime.timedelta(days=3))
    return {"course": course, "late": late, "done": done}


def test_coverage_shows_the_share_and_who_is_overdue(
    staff_client: Client, overdue_world: dict, django_assert_max_num_queries
) -> None:
    StaffMemberFactory.create_batch(10, profession=Profession.RADIOGRAPHER)
    with django_assert_max_num_queries(12):
        response = staff_client.get("/training/", {"group_by": "site"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lena Late" in page
    assert "Dora Done" not in page  # compliant: not on the overdue list
    assert response.context["coverage"].compliant == 1
    assert response.context["overdue_count"] == 11
    assert [row.label for row in response.context["coverage"].groups] == ["Main campus", "North"]


def test_the_coverage_export_is_every_filtered_cell(staff_client: Client, overdue_world: dict) -> None:
    response = staff_client.get("/training/", {"site": "North", "export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("person,staff_number,profession,department,site,course,level,status")
    assert sorted(line.split(",")[0] + ":" + line.split(",")[7] for line in lines[1:]) == [
        "Dora Done:compliant",
        "Lena Late:overdue",
    ]


def test_a_bad_filter_is_a_form_error(staff_client: Client) -> None:
    response = staff_client.get("/training/", {"level": "sometimes"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_transcript_is_printable_and_linked_from_the_directory(staff_client: Client, overdue_world: dict) -> None:
    person = overdue_world["done"]
    page = staff_client.get(f"/training/people/{person.pk}/").content.decode()
    assert "Viewer basics" in page
    assert "Compliant" in page
    assert "data-print" in page
    directory = staff_client.get(f"/staff/{person.pk}/").content.decode()
    assert f'href="/training/people/{person.pk}/"' in directory


def test_an_admin_adds_a_vendor_course_with_its_components(admin_client: Client, vendor) -> None:
    viewer = ComponentFactory(vendor=vendor, name="Diagnostic viewer")
    response = admin_client.post(
        "/training/courses/add/",
        {
            "title": "Viewer 8: what changed",
            "vendor": vendor.pk,
            "components": [viewer.pk],
            "release": "8.0",
            "audience": ["radiologist", "radiographer"],
            "delivery": "vendor_led",
            "duration_minutes": 45,
            "has_quiz": "on",
            "active": "on",
        },
    )
    course = Course.objects.get(title="Viewer 8: what changed")
    assert response["Location"] == f"/training/courses/{course.pk}/"
    assert list(course.components.all()) == [viewer]
    assert course.audience == ["radiographer", "radiologist"]
    assert course.has_quiz


def test_an_internal_vendor_led_course_is_a_form_error(admin_client: Client) -> None:
    response = admin_client.post(
        "/training/courses/add/", {"title": "Ours", "delivery": "vendor_led", "duration_minutes": 30}
    )
    assert response.status_code == 200
    assert "A vendor-led course needs its vendor." in response.content.decode()
    assert not Course.objects.exists()


def test_materials_upload_download_and_remove(admin_client: Client, staff_client: Client, vendor) -> None:
    course = CourseFactory(vendor=vendor)
    slides = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    admin_client.post(f"/training/courses/{course.pk}/materials/", {"title": "Slides", "file": slides})
    material = CourseMaterial.objects.get(course=course)
    download = staff_client.get(f"/training/materials/{material.pk}/download/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert download["Content-Disposition"].startswith("attachment")
    bad = admin_client.post(f"/training/courses/{course.pk}/materials/", {"title": "Nothing"})
    assert bad.status_code == 400
    assert "Give a file or a link" in bad.content.decode()
    assert staff_client.post(f"/training/materials/{material.pk}/delete/").status_code == 403
    admin_client.post(f"/training/materials/{material.pk}/delete/")
    assert not CourseMaterial.objects.exists()


def test_lists_read_in_a_fixed_number_of_queries(staff_client: Client, django_assert_max_num_queries) -> None:
    for n in range(12):
        course = CourseFactory(title=f"Course {n}")
        RequirementFactory(course=course)
        CompletionFactory(course=course)
    for url in ("/training/courses/", "/training/requirements/", "/training/completions/"):
        with django_assert_max_num_queries(12):
            response = staff_client.get(url)
        assert response.status_code == 200
        assert "Course 11" in response.content.decode()


def test_the_matrix_and_completions_are_for_admins_to_keep(admin_client: Client, staff_client: Client) -> None:
    course = CourseFactory()
    person = StaffMemberFactory()
    data = {"profession": "radiologist", "course": course.pk, "level": "mandatory", "effective_from": "2026-01-01"}
    assert staff_client.post("/training/requirements/add/", data).status_code == 403
    response = admin_client.post("/training/requirements/add/", {**data, "refresher_months": 24})
    assert response["Location"] == "/training/requirements/"
    assert Requirement.objects.get().refresher_months == 24
    day = {"person": person.pk, "course": course.pk, "completed_on": "2025-11-03"}
    assert staff_client.post("/training/completions/add/", day).status_code == 403
    response = admin_client.post("/training/completions/add/", day)
    assert response["Location"] == f"/training/people/{person.pk}/"
    assert Completion.objects.get().completed_on == datetime.date(2025, 11, 3)
    again = admin_client.post("/training/completions/add/", day)
    assert "This completion is already recorded." in again.content.decode()


def test_vendor_users_never_reach_the_hospitals_training_pages(vendor_client: Client, overdue_world: dict) -> None:
    for url in ("/training/", f"/training/courses/{overdue_world['course'].pk}/", "/training/requirements/"):
        assert vendor_client.get(url).status_code == 404
