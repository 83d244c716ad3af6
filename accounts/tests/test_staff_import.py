"""The HR import of the staff directory: all or nothing, every bad line named, matching people
on staff number, else email."""

import datetime

import pytest

from accounts.models import Profession, StaffMember
from accounts.staff_import import staff_import_csv, staff_import_plan
from accounts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

HEADER = "staff_number,name,email,profession,department,site,start_date,active\n"


def csv_of(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_new_people_are_added_with_every_column() -> None:
    plan = staff_import_csv(
        content=csv_of(
            "10042,Dr. Amira Haddad,a.haddad@hospital.example,Radiologist,Radiology,Main campus,2019-09-01,yes",
            "10077,Jonas Weber,,technologist,CT,North clinic,,no",
        )
    )
    assert plan.ok
    assert plan.report.imported == 2
    amira = StaffMember.objects.get(staff_number="10042")
    assert (amira.name, amira.email, amira.profession, amira.department, amira.site) == (
        "Dr. Amira Haddad",
        "a.haddad@hospital.example",
        Profession.RADIOLOGIST,
        "Radiology",
        "Main campus",
    )
    assert amira.start_date == datetime.date(2019, 9, 1)
    assert amira.active
    jonas = StaffMember.objects.get(staff_number="10077")
    assert jonas.profession == Profession.RADIOGRAPHER
    assert jonas.start_date is None
    assert not jonas.active


def test_people_are_matched_on_staff_number_else_email_and_updated() -> None:
    by_number = StaffMemberFactory(staff_number="A1", email="old@hospital.example", department="CT")
    by_email = StaffMemberFactory(staff_number="", email="Lena@Hospital.example", name="Lena")
    plan = staff_import_csv(
        content=csv_of(
            "a1,Renamed,new@hospital.example,radiographer,MRI,Main campus,2020-01-06,yes",
            "B7,Lena Berg,lena@hospital.example,pacs admin,IT,Main campus,,yes",
        )
    )
    assert plan.ok
    assert plan.report.imported == 2
    assert not plan.creates
    by_number.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_number.name, by_number.email, by_number.department) == ("Renamed", "new@hospital.example", "MRI")
    assert (by_email.name, by_email.staff_number, by_email.profession) == ("Lena Berg", "B7", Profession.PACS_ADMIN)
    assert StaffMember.objects.count() == 2


def test_unchanged_people_are_counted_not_written() -> None:
    person = StaffMemberFactory(
        staff_number="C3", name="Ada", email="ada@hospital.example", department="CT", site="North"
    )
    line = f"C3,Ada,ada@hospital.example,radiographer,CT,North,{person.start_date:%Y-%m-%d},yes"
    plan = staff_import_plan(content=csv_of(line))
    assert plan.ok
    assert plan.unchanged == 1
    assert plan.written == 0


def test_a_bad_file_imports_nothing_and_names_every_line_and_column() -> None:
    StaffMemberFactory(staff_number="X1", email="x1@hospital.example")
    StaffMemberFactory(staff_number="X2", email="x2@hospital.example")
    plan = staff_import_csv(
        content=csv_of(
            "N1,Good Person,good@hospital.example,radiologist,,,,",
            ",No Key,,radiologist,,,,",
            "N2,,n2@hospital.example,radiologist,,,,",
            "N3,Bad Profession,n3@hospital.example,surgeon,,,,",
            "N4,Bad Date,n4@hospital.example,it,,,31.12.2024,",
            "N5,Bad Email,not-an-email,it,,,,",
            "N1,Twice,twice@hospital.example,it,,,,",
            "X1,Conflict,x2@hospital.example,it,,,,",
            "N6,Old Date,n6@hospital.example,it,,,1900-01-01,",
            "N7,Maybe,n7@hospital.example,it,,,,perhaps",
        )
    )
    assert not plan.ok
    assert plan.report.imported == 0
    assert StaffMember.objects.count() == 2
    problems = dict(plan.report.errors)
    assert problems[3].startswith("staff_number: give a staff number or an email")
    assert problems[4] == "name: this column is required"
    assert problems[5].startswith("profession: “surgeon” is not one of")
    assert problems[6].startswith("start_date: “31.12.2024” is not a date")
    assert problems[7].startswith("email: “not-an-email”")
    assert problems[8] == "staff_number: N1 is on line 2 too"
    assert problems[9].startswith("email: x2@hospital.example belongs to")
    assert problems[10].startswith("start_date: must be from 1990-01-01")
    assert problems[11].startswith("active: “perhaps”")
    assert 2 not in problems


def test_every_bad_column_of_a_line_is_reported() -> None:
    plan = staff_import_plan(content=csv_of("N9,,n9@hospital.example,surgeon,CT,North,2026-13-01,maybe"))
    assert plan.report.errors == [
        (2, "active: “maybe” is neither yes nor no"),
        (2, "name: this column is required"),
        (
            2,
            "profession: “surgeon” is not one of Radiologist, Radiographer / technologist, Administrative, "
            "IT, PACS admin, Other",
        ),
        (2, "start_date: “2026-13-01” is not a date like 2024-03-01"),
    ]


def test_an_email_of_a_person_with_another_staff_number_is_not_merged() -> None:
    StaffMemberFactory(staff_number="K1", email="kim@hospital.example", name="Kim Park")
    plan = staff_import_plan(content=csv_of("K2,Kim,kim@hospital.example,it,,,,"))
    assert plan.report.errors == [
        (2, "staff_number: kim@hospital.example belongs to Kim Park, whose staff number is K1")
    ]


def test_a_header_without_the_required_columns_is_refused() -> None:
    plan = staff_import_plan(content=b"number,full name\n1,Ada\n")
    assert plan.report.errors == [(1, "The header lacks the columns name, profession, staff_number, email.")]


def test_semicolons_and_a_byte_order_mark_are_read() -> None:
    content = "\ufeffstaff_number;name;email;profession\nS9;Eva;eva@hospital.example;Administrative\n".encode()
    plan = staff_import_csv(content=content)
    assert plan.ok
    assert StaffMember.objects.get(staff_number="S9").profession == Profession.ADMINISTRATIVE


def test_an_empty_or_unreadable_file_is_reported() -> None:
    assert staff_import_plan(content=HEADER.encode()).report.errors == [(2, "The file has no people below its header.")]
    assert staff_import_plan(content=b"\xff\xfe\x00bad").report.errors[0][0] == 0
