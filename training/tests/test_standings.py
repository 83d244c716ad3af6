"""PostgreSQL judges the cells by the same rules as ``training.compliance``: on a generated world
(deadlines, onboarding windows, refreshers ending on months' last days, people who started before
and after a requirement, completions old and new), every cell's standing is the Python one, on
days around the month ends and the leap day."""

import datetime
import random

import pytest

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from training.compliance import Rule, standing
from training.models import Completion, Level
from training.selectors.coverage import CoverageFilters, coverage, coverage_cells
from training.tests.factories import CourseFactory, RequirementFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PROFESSIONS = (Profession.RADIOGRAPHER, Profession.RADIOLOGIST)


@pytest.fixture
def world() -> None:
    rng = random.Random(14)
    courses = [CourseFactory(title=f"Course {n}") for n in range(6)]
    for profession in PROFESSIONS:
        for course in courses:
            RequirementFactory(
                profession=profession,
                course=course,
                level=rng.choice([Level.MANDATORY, Level.RECOMMENDED]),
                due_within_days=rng.choice([None, 0, 30, 90]),
                refresher_months=rng.choice([None, 1, 12, 13, 24]),
                deadline=rng.choice([None, None, D(2024, 2, 29), D(2026, 3, 31)]),
                effective_from=rng.choice([D(2020, 1, 31), D(2024, 8, 31), D(2025, 12, 31)]),
            )
    people = [
        StaffMemberFactory(
            profession=rng.choice(PROFESSIONS),
            start_date=rng.choice([None, D(2019, 5, 31), D(2024, 12, 31), D(2025, 1, 30), D(2026, 2, 1)]),
        )
        for _ in range(40)
    ]
    days = [D(2023, 1, 31), D(2024, 2, 29), D(2025, 1, 31), D(2025, 11, 30), D(2026, 2, 28)]
    Completion.objects.bulk_create(
        Completion(person=person, course=course, completed_on=day)
        for person in people
        for course in courses
        for day in rng.sample(days, rng.choice([0, 0, 1, 2]))
    )


@pytest.mark.parametrize("today", [D(2024, 2, 29), D(2025, 2, 28), D(2026, 1, 31), D(2026, 3, 1), D(2027, 12, 31)])
def test_postgresql_judges_every_cell_as_the_python_rules_do(world: None, today: datetime.date) -> None:
    cells = coverage_cells(filters=CoverageFilters(level=""), today=today)
    latest: dict[tuple[int, int], datetime.date] = {}
    for person, course, day in Completion.objects.values_list("person_id", "course_id", "completed_on"):
        latest[person, course] = max(day, latest.get((person, course), day))
    assert len(cells) > 100
    for cell in cells:
        requirement = cell.requirement
        rule = Rule(
            requirement.due_within_days, requirement.refresher_months, requirement.deadline, requirement.effective_from
        )
        last = latest.get((cell.person.pk, requirement.course_id))
        assert cell.last_completed == last
        assert cell.standing == standing(rule, start_date=cell.person.start_date, last_completed=last, today=today)


def test_the_group_counts_are_the_cells_counted(world: None) -> None:
    today = D(2026, 3, 1)
    cells = coverage_cells(filters=CoverageFilters(), today=today)
    for grouping in ("profession", "course", "site"):
        result = coverage(filters=CoverageFilters(), today=today, grouping=grouping)
        assert result.required == len(cells)
        assert result.compliant == sum(cell.standing.status == "compliant" for cell in cells)
        assert result.overdue_count == sum(cell.standing.status == "overdue" for cell in cells)
    # The cells come by person, then requirement; a stable sort keeps that order among equals.
    late = sorted(
        (cell for cell in cells if cell.standing.status == "overdue"),
        key=lambda cell: (-cell.standing.days_overdue, cell.person.name, cell.person.pk),
    )
    result = coverage(filters=CoverageFilters(), today=today)
    assert [(c.person.pk, c.requirement.pk) for c in result.overdue] == [(c.person.pk, c.requirement.pk) for c in late]
