"""Coverage: where every active person stands with every requirement of their profession, read
in three flat queries (people, requirements, each person's latest completion per course) and
judged by ``training.compliance``. Summaries per profession, department, site or course, the
overdue list and a person's transcript are views of those cells."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from accounts.models import Profession, StaffMember
from training.compliance import Rule, Standing, Status, standing
from training.models import Completion, Level, Requirement

GROUPINGS = {"profession": "Profession", "department": "Department", "site": "Site", "course": "Course"}


@dataclass(frozen=True)
class CoverageFilters:
    profession: str = ""
    department: str = ""
    site: str = ""
    course_id: int | None = None
    vendor_id: int | None = None
    level: str = Level.MANDATORY  # "" for both levels


@dataclass(frozen=True, slots=True)
class Person:
    pk: int
    name: str
    staff_number: str
    profession: str
    department: str
    site: str
    start_date: datetime.date | None

    @property
    def profession_label(self) -> str:
        return Profession(self.profession).label


@dataclass(slots=True)
class Cell:
    """One person and one requirement of their profession."""

    person: Person
    requirement: Requirement
    last_completed: datetime.date | None
    standing: Standing


@dataclass
class GroupRow:
    key: str
    label: str
    required: int = 0
    compliant: int = 0
    overdue: int = 0

    @property
    def share(self) -> float | None:
        """The share compliant, 0 to 100."""
        return 100 * self.compliant / self.required if self.required else None


@dataclass
class Coverage:
    cells: list[Cell]
    groups: list[GroupRow] = field(default_factory=list)

    @property
    def required(self) -> int:
        return len(self.cells)

    @property
    def compliant(self) -> int:
        return sum(1 for cell in self.cells if cell.standing.status == Status.COMPLIANT)

    @property
    def share(self) -> float | None:
        return 100 * self.compliant / self.required if self.required else None

    def overdue(self) -> list[Cell]:
        """The overdue cells, longest overdue first."""
        late = [cell for cell in self.cells if cell.standing.status == Status.OVERDUE]
        return sorted(late, key=lambda cell: (-cell.standing.days_overdue, cell.person.name, cell.person.pk))


def _rule(requirement: Requirement) -> Rule:
    return Rule(
        due_within_days=requirement.due_within_days,
        refresher_months=requirement.refresher_months,
        deadline=requirement.deadline,
        effective_from=requirement.effective_from,
    )


def _requirements(filters: CoverageFilters) -> list[Requirement]:
    requirements = Requirement.objects.select_related("course", "course__vendor").filter(course__active=True)
    if filters.level:
        requirements = requirements.filter(level=filters.level)
    if filters.profession:
        requirements = requirements.filter(profession=filters.profession)
    if filters.course_id:
        requirements = requirements.filter(course_id=filters.course_id)
    if filters.vendor_id:
        requirements = requirements.filter(course__vendor_id=filters.vendor_id)
    return list(requirements.order_by("course__title", "pk"))


def _people(filters: CoverageFilters, professions: Iterable[str]) -> QuerySet[StaffMember]:
    people = StaffMember.objects.filter(active=True, profession__in=list(professions))
    if filters.department:
        people = people.filter(department__iexact=filters.department)
    if filters.site:
        people = people.filter(site__iexact=filters.site)
    return people


def _latest_completions(people: QuerySet[StaffMember], course_ids: set[int]) -> dict[tuple[int, int], datetime.date]:
    latest = (
        Completion.objects.filter(course_id__in=course_ids, person__in=people.values("pk"))
        .values_list("person_id", "course_id")
        .annotate(last=Max("completed_on"))
        .order_by()
    )
    return {(person, course): last for person, course, last in latest}


def coverage_cells(
    *, filters: CoverageFilters, today: datetime.date, people: QuerySet[StaffMember] | None = None
) -> list[Cell]:
    """Every (active person, requirement of their profession) cell the filters select."""
    requirements = _requirements(filters)
    by_profession: dict[str, list[Requirement]] = defaultdict(list)
    for requirement in requirements:
        by_profession[requirement.profession].append(requirement)
    if not requirements:
        return []
    people = _people(filters, by_profession) if people is None else people
    rows = people.order_by("name", "pk").values_list(*Person.__dataclass_fields__)
    latest = _latest_completions(people, {r.course_id for r in requirements})
    rules = {requirement.pk: _rule(requirement) for requirement in requirements}
    cells = []
    for row in rows:
        person = Person(*row)
        for requirement in by_profession.get(person.profession, ()):
            last = latest.get((person.pk, requirement.course_id))
            result = standing(rules[requirement.pk], start_date=person.start_date, last_completed=last, today=today)
            cells.append(Cell(person, requirement, last, result))
    return cells


def _group_of(cell: Cell, grouping: str) -> tuple[str, str]:
    if grouping == "course":
        return str(cell.requirement.course_id), cell.requirement.course.title
    if grouping == "profession":
        return cell.person.profession, cell.person.profession_label
    value = getattr(cell.person, grouping)
    return value.lower(), value or "(none given)"


def coverage(*, filters: CoverageFilters, today: datetime.date, grouping: str = "profession") -> Coverage:
    """The filtered cells and their summary per ``grouping`` (a key of ``GROUPINGS``)."""
    cells = coverage_cells(filters=filters, today=today)
    groups: dict[str, GroupRow] = {}
    for cell in cells:
        key, label = _group_of(cell, grouping)
        row = groups.setdefault(key, GroupRow(key, label))
        row.required += 1
        row.compliant += cell.standing.status == Status.COMPLIANT
        row.overdue += cell.standing.status == Status.OVERDUE
    return Coverage(cells=cells, groups=sorted(groups.values(), key=lambda row: row.label.lower()))


@dataclass(frozen=True)
class Transcript:
    person: StaffMember
    cells: list[Cell]
    completions: list[Completion]


def transcript(*, person: StaffMember, today: datetime.date) -> Transcript:
    """A person's standing with every requirement of their profession (both levels), and every
    course they completed."""
    filters = CoverageFilters(profession=person.profession, level="")
    people = StaffMember.objects.filter(pk=person.pk)
    cells = coverage_cells(filters=filters, today=today, people=people)
    completions = list(
        Completion.objects.filter(person=person).select_related("course", "course__vendor").order_by("-completed_on")
    )
    return Transcript(person=person, cells=cells, completions=completions)
