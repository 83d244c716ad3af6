"""Coverage: where every active person stands with every requirement of their profession. The
cells are judged by PostgreSQL (``training.selectors.standings``) and the page reads aggregates
of them: counts per profession, department, site or course, and the longest overdue; a query
each, whatever the number of people. The export and a person's transcript read the cells."""

import datetime
from dataclasses import dataclass

from django.db import connection

from accounts.models import Profession, StaffMember
from training.compliance import Standing, Status
from training.models import Completion, Level, Requirement
from training.selectors.standings import CELL_COLUMNS, CellQuery, cells_sql

GROUPINGS = {"profession": "Profession", "department": "Department", "site": "Site", "course": "Course"}
# The SQL of each grouping's key and label (department and site: one group however they are spelt).
_GROUP_SQL = {
    "profession": ("profession", "profession"),
    "department": ("lower(department)", "min(department)"),
    "site": ("lower(site)", "min(site)"),
    "course": ("course_id::text", "min(course_id)::text"),
}
OVERDUE_SHOWN = 200
# A person's cells in the order of the requirements (by course title).
_REQUIREMENT_ORDER = "array_position(%(requirements)s, requirement_id)"


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
    groups: list[GroupRow]
    overdue: list[Cell]  # the longest overdue first, at most ``OVERDUE_SHOWN``
    overdue_count: int

    @property
    def required(self) -> int:
        return sum(row.required for row in self.groups)

    @property
    def compliant(self) -> int:
        return sum(row.compliant for row in self.groups)

    @property
    def share(self) -> float | None:
        return 100 * self.compliant / self.required if self.required else None


def _requirements(filters: CoverageFilters) -> dict[int, Requirement]:
    requirements = Requirement.objects.select_related("course", "course__vendor").filter(course__active=True)
    if filters.level:
        requirements = requirements.filter(level=filters.level)
    if filters.profession:
        requirements = requirements.filter(profession=filters.profession)
    if filters.course_id:
        requirements = requirements.filter(course_id=filters.course_id)
    if filters.vendor_id:
        requirements = requirements.filter(course__vendor_id=filters.vendor_id)
    return {requirement.pk: requirement for requirement in requirements.order_by("course__title", "pk")}


def _query(filters: CoverageFilters, requirements: dict[int, Requirement], person_id: int | None = None) -> CellQuery:
    return CellQuery(
        requirement_ids=list(requirements),
        department=filters.department,
        site=filters.site,
        person_id=person_id,
    )


def _cell(row: tuple, requirements: dict[int, Requirement]) -> Cell:
    # CELL_COLUMNS: the person's seven fields (in ``Person``'s order), then the cell's.
    requirement_id, _course_id, last_completed, status, due_on, valid_until, days_overdue = row[7:]
    result = Standing(Status(status), due_on, valid_until, days_overdue)
    return Cell(Person(*row[:7]), requirements[requirement_id], last_completed, result)


def _cells(query: CellQuery, requirements: dict[int, Requirement], today: datetime.date, tail: str) -> list[Cell]:
    sql, params = cells_sql(query, today=today)
    with connection.cursor() as cursor:
        # Only this module's constant fragments are spliced in; values are parameters.
        cursor.execute(f"{sql} SELECT {', '.join(CELL_COLUMNS)} FROM cells {tail}", params)  # noqa: S608
        return [_cell(row, requirements) for row in cursor.fetchall()]


def coverage_cells(*, filters: CoverageFilters, today: datetime.date) -> list[Cell]:
    """Every (active person, requirement of their profession) cell the filters select, by person
    and course (the export)."""
    requirements = _requirements(filters)
    if not requirements:
        return []
    return _cells(_query(filters, requirements), requirements, today, f"ORDER BY name, person_id, {_REQUIREMENT_ORDER}")


_SUMMARY = """{cells},
grouped AS (
    SELECT json_agg(json_build_array(key, label, required, compliant, overdue)) AS groups FROM (
        SELECT {key} AS key, {label} AS label, count(*) AS required,
            count(*) FILTER (WHERE status = 'compliant') AS compliant,
            count(*) FILTER (WHERE status = 'overdue') AS overdue
        FROM cells GROUP BY 1
    ) per_group
),
late AS (
    SELECT {columns}, row_number() OVER (ORDER BY {late_order}) AS n
    FROM (SELECT * FROM cells WHERE status = 'overdue' ORDER BY {late_order} LIMIT {shown}) longest
)
SELECT CASE WHEN late.n IS NULL OR late.n = 1 THEN grouped.groups END, {late_columns}
FROM grouped LEFT JOIN late ON true ORDER BY late.n
"""


def _summary(
    query: CellQuery, grouping: str, today: datetime.date
) -> tuple[list[tuple[str, str, int, int, int]], list[tuple]]:
    """Each group's (key, label, required, compliant, overdue) and the longest overdue cells'
    rows, in one query: the cells are judged once for both."""
    key, label = _GROUP_SQL[grouping]
    cells, params = cells_sql(query, today=today)
    sql = _SUMMARY.format(
        cells=cells,
        key=key,
        label=label,
        columns=", ".join(CELL_COLUMNS),
        late_columns=", ".join(f"late.{column}" for column in CELL_COLUMNS),
        late_order=f"days_overdue DESC, name, person_id, {_REQUIREMENT_ORDER}",
        shown=OVERDUE_SHOWN,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    groups = [tuple(group) for group in rows[0][0] or ()]
    return groups, [row[1:] for row in rows if row[1] is not None]


def _label(grouping: str, key: str, label: str, requirements: dict[int, Requirement]) -> str:
    if grouping == "profession":
        return Profession(key).label
    if grouping == "course":
        return {str(r.course_id): r.course.title for r in requirements.values()}[key]
    return label or "(none given)"


def coverage(*, filters: CoverageFilters, today: datetime.date, grouping: str = "profession") -> Coverage:
    """The summary per ``grouping`` (a key of ``GROUPINGS``) and the longest overdue cells."""
    requirements = _requirements(filters)
    if not requirements:
        return Coverage(groups=[], overdue=[], overdue_count=0)
    summary, late = _summary(_query(filters, requirements), grouping, today)
    groups = [
        GroupRow(key, _label(grouping, key, label, requirements), required, compliant, overdue)
        for key, label, required, compliant, overdue in summary
    ]
    return Coverage(
        groups=sorted(groups, key=lambda row: row.label.lower()),
        overdue=[_cell(row, requirements) for row in late],
        overdue_count=sum(row.overdue for row in groups),
    )


@dataclass(frozen=True)
class Transcript:
    person: StaffMember
    cells: list[Cell]
    completions: list[Completion]


def transcript(*, person: StaffMember, today: datetime.date) -> Transcript:
    """A person's standing with every requirement of their profession (both levels), and every
    course they completed."""
    filters = CoverageFilters(profession=person.profession, level="")
    requirements = _requirements(filters)
    cells = _cells(_query(filters, requirements, person.pk), requirements, today, "") if requirements else []
    order = {pk: index for index, pk in enumerate(requirements)}  # by course title, like the matrix
    cells.sort(key=lambda cell: order[cell.requirement.pk])
    completions = list(
        Completion.objects.filter(person=person).select_related("course", "course__vendor").order_by("-completed_on")
    )
    return Transcript(person=person, cells=cells, completions=completions)
