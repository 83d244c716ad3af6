"""Completions imported from an e-learning platform's CSV: all or nothing, every bad line named."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Source
from training.services.completion_imports import completions_import_csv
from training.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_a_good_file_is_recorded_by_title_or_id(admin_user) -> None:
    viewer = CourseFactory(title="Viewer 8: what changes")
    safety = CourseFactory(title="Data protection")
    StaffMemberFactory(staff_number="H-1", email="a@hospital.example")
    StaffMemberFactory(staff_number="H-2", email="b@hospital.example")
    content = (
        "Course,Staff_Number,Email,Completed_On\n"
        "viewer 8: what changes,H-1,,2026-03-14\n"
        f"{safety.pk},,B@hospital.example,2026-03-15\n"
    ).encode()
    report = completions_import_csv(content=content, by=admin_user)
    assert report.ok
    assert report.imported == 2
    assert set(Completion.objects.values_list("person__staff_number", "course", "completed_on", "source")) == {
        ("H-1", viewer.pk, datetime.date(2026, 3, 14), Source.IMPORT),
        ("H-2", safety.pk, datetime.date(2026, 3, 15), Source.IMPORT),
    }


def test_a_bad_file_records_nothing_and_names_every_line(admin_user) -> None:
    course = CourseFactory(title="Viewer basics")
    CourseFactory(title="Twice")
    CourseFactory(title="twice")
    StaffMemberFactory(staff_number="H-1")
    content = (
        "course,staff_number,completed_on\n"
        "Viewer basics,H-1,2026-03-14\n"
        "No such course,H-1,14.03.2026\n"
        "Twice,H-1,2026-03-14\n"
        f"{course.pk},H-404,2026-03-14\n"
        f"{course.pk},,2026-03-14\n"
    ).encode()
    report = completions_import_csv(content=content, by=admin_user)
    assert report.errors == [
        (3, "completed_on: “14.03.2026” is not a date like 2026-03-14"),
        (3, "course: no course has the title or id “No such course”"),
        (4, "course: several courses are titled “Twice”; give the course's id"),
        (5, "no one in the staff directory has the staff number H-404."),
        (6, "staff_number: give the person's staff number or email"),
    ]
    assert not Completion.objects.exists()


def test_the_import_page(admin_client: Client, staff_client: Client) -> None:
    course = CourseFactory()
    StaffMemberFactory(staff_number="H-1")
    upload = SimpleUploadedFile("lms.csv", f"course,staff_number,completed_on\n{course.pk},H-1,2026-02-01\n".encode())
    assert staff_client.post("/training/completions/import/", {"file": upload}).status_code == 403
    upload.seek(0)
    response = admin_client.post("/training/completions/import/", {"file": upload}, follow=True)
    assert "lms.csv: 1 new completion recorded." in response.content.decode()
    assert Completion.objects.get().completed_on == datetime.date(2026, 2, 1)
    page = admin_client.get("/training/completions/").content.decode()
    assert 'href="/training/completions/import/"' in page
