"""Training in the portal: a vendor keeps its own courses and materials and sees who completed
them by name and profession only; other vendors' and internal courses do not exist for it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from training.models import Course, CourseMaterial
from training.tests.factories import CompletionFactory, CourseFactory

pytestmark = pytest.mark.django_db


def test_a_vendor_adds_a_course_that_is_its_own(vendor_client: Client, vendor_user) -> None:
    response = vendor_client.post(
        "/portal/courses/add/",
        {"title": "Archive admin", "audience": ["pacs_admin"], "delivery": "e_learning", "duration_minutes": 120},
    )
    course = Course.objects.get(title="Archive admin")
    assert response["Location"] == f"/portal/courses/{course.pk}/"
    assert course.vendor == vendor_user.vendor


def test_a_vendor_sees_its_courses_only(vendor_client: Client, vendor, other_vendor) -> None:
    CourseFactory(vendor=vendor, title="Our course")
    theirs = CourseFactory(vendor=other_vendor, title="Their course")
    internal = CourseFactory(vendor=None, delivery="internal", title="Internal course")
    page = vendor_client.get("/portal/courses/").content.decode()
    assert "Our course" in page
    assert "Their course" not in page
    assert "Internal course" not in page
    assert vendor_client.get(f"/portal/courses/{theirs.pk}/").status_code == 404
    assert vendor_client.get(f"/portal/courses/{internal.pk}/").status_code == 404
    assert vendor_client.post(f"/portal/courses/{theirs.pk}/edit/", {"title": "x"}).status_code == 404


def test_attendees_show_as_names_and_professions_only(vendor_client: Client, vendor) -> None:
    course = CourseFactory(vendor=vendor)
    person = StaffMemberFactory(
        name="Rita Reader", profession=Profession.RADIOLOGIST, email="rita@hospital.example", staff_number="S-991"
    )
    CompletionFactory(person=person, course=course)
    for url in (f"/portal/courses/{course.pk}/", "/portal/completions/"):
        page = vendor_client.get(url).content.decode()
        assert "Rita Reader" in page
        assert "Radiologist" in page
        assert "rita@hospital.example" not in page
        assert "S-991" not in page
        assert "/staff/" not in page
    export = b"".join(vendor_client.get("/portal/completions/", {"export": "csv"}).streaming_content).decode()
    assert "Rita Reader" in export
    assert "rita@hospital.example" not in export


def test_a_vendor_keeps_its_materials(vendor_client: Client, vendor, other_vendor) -> None:
    course = CourseFactory(vendor=vendor)
    handout = SimpleUploadedFile("handout.pdf", b"%PDF handout", content_type="application/pdf")
    vendor_client.post(f"/portal/courses/{course.pk}/materials/", {"file": handout})
    material = CourseMaterial.objects.get(course=course)
    assert b"".join(vendor_client.get(f"/portal/materials/{material.pk}/download/").streaming_content) == (
        b"%PDF handout"
    )
    foreign = CourseMaterial.objects.create(
        course=CourseFactory(vendor=other_vendor), title="Theirs", url="https://learn.example/x"
    )
    assert vendor_client.post(f"/portal/materials/{foreign.pk}/delete/").status_code == 404
    vendor_client.post(f"/portal/materials/{material.pk}/delete/")
    assert list(CourseMaterial.objects.all()) == [foreign]
