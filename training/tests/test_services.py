"""The rules of courses, materials and completions, whoever writes them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, Course, Source
from training.services.completions import CompletionInput, CompletionsInvalid, completion_record, completions_record
from training.services.courses import course_save, material_attach, material_delete
from training.tests.factories import CompletionFactory, CourseFactory
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

COURSE = {"title": "Viewer 8 changes", "delivery": "vendor_led", "duration_minutes": 45, "audience": ["radiologist"]}


def test_a_vendor_users_course_is_their_vendors_whatever_they_send(vendor_user, other_vendor) -> None:
    course = course_save(
        course=None, data={**COURSE, "vendor": other_vendor}, components=[], prerequisites=[], by=vendor_user
    )
    assert Course.objects.get(pk=course.pk).vendor_id == vendor_user.vendor_id


def test_a_vendor_user_may_not_keep_another_vendors_course(vendor_user, other_vendor) -> None:
    foreign = CourseFactory(vendor=other_vendor, title="Theirs")
    with pytest.raises(PermissionDenied):
        course_save(course=foreign, data={"title": "Mine now"}, components=[], prerequisites=[], by=vendor_user)
    assert Course.objects.get(pk=foreign.pk).title == "Theirs"


def test_components_must_be_the_courses_vendors(admin_user, vendor, other_vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor)
    with pytest.raises(ValidationError) as error:
        course_save(
            course=None, data={**COURSE, "vendor": vendor}, components=[foreign], prerequisites=[], by=admin_user
        )
    assert "components" in error.value.message_dict
    assert not Course.objects.exists()


def test_an_internal_course_cannot_be_vendor_led(admin_user) -> None:
    with pytest.raises(ValidationError) as error:
        course_save(course=None, data={**COURSE, "vendor": None}, components=[], prerequisites=[], by=admin_user)
    assert error.value.messages == ["A vendor-led course needs its vendor."]


def test_prerequisites_may_not_loop(admin_user, vendor) -> None:
    basics = CourseFactory(vendor=vendor, title="Basics")
    advanced = CourseFactory(vendor=vendor, title="Advanced")
    advanced.prerequisites.add(basics)
    with pytest.raises(ValidationError) as error:
        course_save(course=basics, data={}, components=[], prerequisites=[advanced], by=admin_user)
    assert "prerequisites" in error.value.message_dict
    assert not basics.prerequisites.exists()


def test_a_material_is_a_file_or_a_link_of_an_allowed_type(admin_user, vendor) -> None:
    course = CourseFactory(vendor=vendor)
    slides = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    material = material_attach(course=course, title="", file=slides, url="", by=admin_user)
    assert material.title == "slides.pdf"
    assert material.file.read() == b"%PDF-1.4 slides"
    with pytest.raises(ValidationError):
        material_attach(course=course, title="x", file=None, url="", by=admin_user)
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        material_attach(course=course, title="x", file=script, url="", by=admin_user)
    assert course.materials.count() == 1
    material_delete(material=material, by=admin_user)
    assert not course.materials.exists()


def test_a_completion_cannot_lie_in_the_future(admin_user) -> None:
    person, course = StaffMemberFactory(), CourseFactory()
    with pytest.raises(ValidationError) as error:
        completion_record(
            person=person,
            course=course,
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
            by=admin_user,
        )
    assert "completed_on" in error.value.message_dict
    assert not Completion.objects.exists()


def test_a_batch_is_stored_whole_and_counts_what_was_there(admin_user) -> None:
    ada = StaffMemberFactory(staff_number="10042", email="ada@hospital.example")
    ben = StaffMemberFactory(staff_number="10077", email="Ben@Hospital.example")
    course = CourseFactory()
    CompletionFactory(person=ada, course=course, completed_on=datetime.date(2026, 3, 1))
    rows = [
        CompletionInput(course_id=course.pk, completed_on=datetime.date(2026, 3, 1), staff_number="10042"),
        CompletionInput(course_id=course.pk, completed_on=datetime.date(2026, 3, 2), email="ben@hospital.example"),
    ]
    result = completions_record(rows=rows, by=admin_user, source=Source.IMPORT)
    assert (result.created, result.already_recorded) == (1, 1)
    stored = Completion.objects.get(person=ben)
    assert (stored.course, stored.completed_on, stored.source, stored.recorded_by) == (
        course,
        datetime.date(2026, 3, 2),
        Source.IMPORT,
        admin_user,
    )


def test_a_batch_with_a_bad_row_stores_nothing_and_names_each(vendor_user, other_vendor) -> None:
    StaffMemberFactory(staff_number="1")
    own = CourseFactory(vendor=vendor_user.vendor)
    foreign = CourseFactory(vendor=other_vendor)
    day = datetime.date(2026, 1, 5)
    rows = [
        CompletionInput(course_id=own.pk, completed_on=day, staff_number="1"),
        CompletionInput(course_id=foreign.pk, completed_on=day, staff_number="1"),
        CompletionInput(course_id=own.pk, completed_on=day, staff_number="404"),
        CompletionInput(course_id=own.pk, completed_on=day),
    ]
    with pytest.raises(CompletionsInvalid) as error:
        completions_record(rows=rows, by=vendor_user, source=Source.API)
    assert set(error.value.rows) == {1, 2, 3}
    assert error.value.rows[1] == [f"course: no course {foreign.pk} whose completions you may record."]
    assert error.value.rows[2] == ["no one in the staff directory has the staff number 404."]
    assert not Completion.objects.exists()


def test_prerequisites_are_the_vendors_own_or_internal_courses(admin_user, vendor, other_vendor) -> None:
    internal = CourseFactory(vendor=None, delivery="internal", title="Downtime")
    foreign = CourseFactory(vendor=other_vendor, title="Theirs")
    course = course_save(
        course=None, data={**COURSE, "vendor": vendor}, components=[], prerequisites=[internal], by=admin_user
    )
    assert list(course.prerequisites.all()) == [internal]
    with pytest.raises(ValidationError) as error:
        course_save(course=course, data={}, components=[], prerequisites=[foreign], by=admin_user)
    assert "prerequisites" in error.value.message_dict
    assert list(Course.objects.get(pk=course.pk).prerequisites.all()) == [internal]
