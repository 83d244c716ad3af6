"""Coverage: who is compliant, who is overdue and by how long, per group; flat queries."""

import datetime

import pytest

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from training.models import Level
from training.selectors.coverage import CoverageFilters, coverage, coverage_cells, transcript
from training.tests.factories import CompletionFactory, CourseFactory, RequirementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def matrix() -> dict:
    viewer = CourseFactory(title="Viewer basics")
    safety = CourseFactory(title="Data protection", vendor=None, delivery="e_learning")
    RequirementFactory(profession=Profession.RADIOGRAPHER, course=viewer, due_within_days=30)
    RequirementFactory(profession=Profession.RADIOLOGIST, course=viewer, deadline=datetime.date(2026, 6, 1))
    RequirementFactory(profession=Profession.RADIOGRAPHER, course=safety, due_within_days=None, refresher_months=12)
    RequirementFactory(profession=Profession.RADIOLOGIST, course=safety, level=Level.RECOMMENDED)
    ada = StaffMemberFactory(name="Ada", profession=Profession.RADIOGRAPHER, site="North", department="CT")
    ben = StaffMemberFactory(
        name="Ben", profession=Profession.RADIOGRAPHER, site="Main", start_date=datetime.date(2026, 6, 1)
    )
    cleo = StaffMemberFactory(name="Cleo", profession=Profession.RADIOLOGIST, site="North")
    StaffMemberFactory(name="Gone", profession=Profession.RADIOLOGIST, active=False)
    CompletionFactory(person=ada, course=viewer, completed_on=datetime.date(2024, 1, 1))
    CompletionFactory(person=ada, course=safety, completed_on=datetime.date(2025, 1, 10))  # lapsed 2026-01-10
    return {"viewer": viewer, "safety": safety, "ada": ada, "ben": ben, "cleo": cleo}


def test_each_person_stands_with_each_mandatory_requirement(matrix: dict, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        result = coverage(filters=CoverageFilters(), today=TODAY, grouping="profession")
    with django_assert_num_queries(2):
        cells = coverage_cells(filters=CoverageFilters(), today=TODAY)
    standing = {(c.person.name, c.requirement.course.title): c.standing for c in cells}
    assert set(standing) == {
        ("Ada", "Viewer basics"),
        ("Ada", "Data protection"),
        ("Ben", "Viewer basics"),
        ("Ben", "Data protection"),
        ("Cleo", "Viewer basics"),
    }
    assert standing["Ada", "Viewer basics"].status == "compliant"
    assert standing["Ada", "Data protection"].status == "overdue"
    assert standing["Ada", "Data protection"].days_overdue == (TODAY - datetime.date(2026, 1, 10)).days
    assert standing["Ben", "Viewer basics"].status == "due"
    assert standing["Ben", "Viewer basics"].due_on == datetime.date(2026, 7, 1)
    assert standing["Cleo", "Viewer basics"].days_overdue == 14
    groups = {row.label: (row.required, row.compliant, row.overdue) for row in result.groups}
    assert groups == {"Radiographer / technologist": (4, 1, 2), "Radiologist": (1, 0, 1)}
    assert result.share == 20
    # Ben never took the data-protection course, due since the requirement began (2020-01-01).
    assert [c.person.name for c in result.overdue] == ["Ben", "Ada", "Cleo"]
    assert result.overdue_count == 3


def test_filters_and_groupings(matrix: dict) -> None:
    north = coverage(filters=CoverageFilters(site="north"), today=TODAY, grouping="course")
    assert {c.person.name for c in coverage_cells(filters=CoverageFilters(site="north"), today=TODAY)} == {
        "Ada",
        "Cleo",
    }
    assert {row.label: row.required for row in north.groups} == {"Data protection": 1, "Viewer basics": 2}
    internal_only = coverage_cells(filters=CoverageFilters(course_id=matrix["safety"].pk, level=""), today=TODAY)
    assert {(c.person.name, c.requirement.level) for c in internal_only} == {
        ("Ada", "mandatory"),
        ("Ben", "mandatory"),
        ("Cleo", "recommended"),
    }
    by_vendor = coverage_cells(filters=CoverageFilters(vendor_id=matrix["viewer"].vendor_id), today=TODAY)
    assert {c.requirement.course_id for c in by_vendor} == {matrix["viewer"].pk}


def test_the_query_count_does_not_grow_with_people(matrix: dict, django_assert_num_queries) -> None:
    StaffMemberFactory.create_batch(30, profession=Profession.RADIOGRAPHER)
    with django_assert_num_queries(2):
        result = coverage(filters=CoverageFilters(), today=TODAY, grouping="site")
    assert result.required == 5 + 60


def test_a_transcript_lists_both_levels_and_every_completion(matrix: dict, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        record = transcript(person=matrix["ada"], today=TODAY)
    assert [(c.requirement.course.title, c.standing.status) for c in record.cells] == [
        ("Data protection", "overdue"),
        ("Viewer basics", "compliant"),
    ]
    assert [c.course.title for c in record.completions] == ["Data protection", "Viewer basics"]
