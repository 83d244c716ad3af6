"""The training API: courses (vendors keep their own), the requirement matrix (hospital only),
completions listed and recorded in bulk, all or nothing."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Course, Requirement, Source
from training.tests.factories import CompletionFactory, CourseFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def test_courses_are_scoped_and_a_vendors_new_course_is_its_own(
    vendor_api: APIClient, vendor_user, other_vendor, django_assert_max_num_queries
) -> None:
    CourseFactory(vendor=vendor_user.vendor, title="Ours")
    CourseFactory(vendor=other_vendor, title="Theirs")
    CourseFactory(vendor=None, delivery="internal", title="Internal")
    with django_assert_max_num_queries(8):
        listed = vendor_api.get("/api/v1/courses/")
    assert [row["title"] for row in listed.json()["results"]] == ["Ours"]
    created = vendor_api.post(
        "/api/v1/courses/",
        {"title": "New module", "delivery": "e_learning", "duration_minutes": 20, "audience": ["it"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Course.objects.get(title="New module").vendor == vendor_user.vendor
    internal = vendor_api.post(
        "/api/v1/courses/", {"title": "Sneaky", "delivery": "internal", "duration_minutes": 20}, format="json"
    )
    assert internal.status_code == 400
    assert "delivery" in internal.json()


def test_an_admin_patch_keeps_components_and_checks_the_audience(admin_api: APIClient, vendor) -> None:
    course = CourseFactory(vendor=vendor)
    response = admin_api.patch(f"/api/v1/courses/{course.pk}/", {"release": "9.1"}, format="json")
    assert response.status_code == 200
    assert Course.objects.get(pk=course.pk).release == "9.1"
    bad = admin_api.patch(f"/api/v1/courses/{course.pk}/", {"audience": ["surgeon"]}, format="json")
    assert bad.status_code == 400
    assert "audience" in bad.json()


def test_the_matrix_is_the_hospitals(admin_api: APIClient, staff_api: APIClient, vendor_api: APIClient) -> None:
    course = CourseFactory()
    requirement = RequirementFactory(course=course)
    assert vendor_api.get("/api/v1/training-requirements/").json()["count"] == 0
    assert staff_api.get("/api/v1/training-requirements/").json()["count"] == 1
    refused = staff_api.patch(
        f"/api/v1/training-requirements/{requirement.pk}/", {"refresher_months": 12}, format="json"
    )
    assert refused.status_code == 403
    out_of_range = admin_api.patch(
        f"/api/v1/training-requirements/{requirement.pk}/", {"refresher_months": 500}, format="json"
    )
    assert out_of_range.status_code == 400
    assert "refresher_months" in out_of_range.json()
    duplicate = admin_api.post(
        "/api/v1/training-requirements/",
        {"profession": requirement.profession, "course": course.pk, "level": "mandatory"},
        format="json",
    )
    assert duplicate.status_code == 400
    assert Requirement.objects.count() == 1


def test_a_vendor_records_completions_of_its_courses_in_bulk(vendor_api: APIClient, vendor_user) -> None:
    course = CourseFactory(vendor=vendor_user.vendor)
    StaffMemberFactory(staff_number="10042")
    StaffMemberFactory(email="ben@hospital.example", staff_number="")
    body = {
        "completions": [
            {"course": course.pk, "staff_number": "10042", "completed_on": "2026-03-14"},
            {"course": course.pk, "email": "ben@hospital.example", "completed_on": "2026-03-15"},
        ]
    }
    response = vendor_api.post("/api/v1/training-completions/", body, format="json")
    assert response.status_code == 201
    assert response.json() == {"created": 2, "already_recorded": 0}
    assert set(Completion.objects.values_list("person__staff_number", "completed_on", "source")) == {
        ("10042", datetime.date(2026, 3, 14), Source.API),
        ("", datetime.date(2026, 3, 15), Source.API),
    }
    again = vendor_api.post("/api/v1/training-completions/", body, format="json")
    assert again.json() == {"created": 0, "already_recorded": 2}


def test_a_bad_item_stores_nothing_and_is_named(vendor_api: APIClient, vendor_user, other_vendor) -> None:
    own = CourseFactory(vendor=vendor_user.vendor)
    foreign = CourseFactory(vendor=other_vendor)
    StaffMemberFactory(staff_number="1")
    body = {
        "completions": [
            {"course": own.pk, "staff_number": "1", "completed_on": "2026-03-14"},
            {"course": foreign.pk, "staff_number": "1", "completed_on": "2026-03-14"},
        ]
    }
    response = vendor_api.post("/api/v1/training-completions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["completions"]) == [
        "Item 1: " + f"course: no course {foreign.pk} whose completions you may record."
    ]
    malformed = vendor_api.post(
        "/api/v1/training-completions/",
        {"completions": [{"course": own.pk, "completed_on": "1899-01-01"}]},
        format="json",
    )
    assert malformed.status_code == 400
    assert malformed.json() == {"completions": {"0": {"completed_on": ["Give a day from 1990-01-01 to 2100-12-31."]}}}
    assert not Completion.objects.exists()


def test_completions_list_shows_names_and_professions_only(
    vendor_api: APIClient, vendor_user, django_assert_max_num_queries
) -> None:
    course = CourseFactory(vendor=vendor_user.vendor)
    for n in range(5):
        CompletionFactory(course=course, person=StaffMemberFactory(name=f"Learner {n}", email=f"l{n}@h.example"))
    CompletionFactory()  # another vendor's course
    with django_assert_max_num_queries(8):
        listed = vendor_api.get("/api/v1/training-completions/")
    rows = listed.json()["results"]
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "course", "person_name", "profession", "completed_on", "source", "created_at"}
