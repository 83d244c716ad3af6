"""Where every (person, requirement) cell stands, judged by PostgreSQL in one flat query.

The rules are ``training.compliance``'s, written once more in SQL so the coverage figures are
aggregates over the cells rather than a Python loop over them: a completion lapses
``refresher_months`` after its day (PostgreSQL's month arithmetic keeps the day or falls back to
the month's last day, as ``compliance.add_months`` does); the first completion is due on the
requirement's deadline, else ``due_within_days`` after the later of the person's start date and
the requirement's ``effective_from``, else on ``effective_from``. ``test_standings`` proves both
give the same standing on generated worlds.

``cells_sql`` returns the SQL of a ``cells`` relation (a ``WITH`` list) and its parameters;
callers select from it (aggregates per group, the overdue list, every cell for the export).
A person's latest completion of a course is read from ``LatestCompletion`` (kept by triggers), so
the query joins one row per cell instead of aggregating every completion ever recorded.
"""

import datetime
from dataclasses import dataclass

from accounts.models import StaffMember
from training.models import LatestCompletion, Requirement


@dataclass(frozen=True)
class CellQuery:
    """Which cells: requirement ids (already filtered by level, profession, course, vendor) and
    the people filters. ``person_id`` reads one person, active or not (a transcript)."""

    requirement_ids: list[int]
    department: str = ""
    site: str = ""
    person_id: int | None = None


# The columns of ``cells``, in this order.
CELL_COLUMNS = (
    "person_id",
    "name",
    "staff_number",
    "profession",
    "department",
    "site",
    "start_date",
    "requirement_id",
    "course_id",
    "last_completed",
    "status",
    "due_on",
    "valid_until",
    "days_overdue",
)

_CELLS = """
requirement AS (
    SELECT id, profession, course_id, due_within_days, deadline, effective_from,
        make_interval(months => refresher_months) AS refresher
    FROM {requirement} WHERE id = ANY(%(requirements)s)
),
person AS (
    SELECT id, name, staff_number, profession, department, site, start_date
    FROM {staff}
    WHERE profession IN (SELECT profession FROM requirement) {people}
),
dated AS (
    SELECT
        p.id AS person_id, p.name, p.staff_number, p.profession, p.department, p.site, p.start_date,
        r.id AS requirement_id, r.course_id, l.completed_on AS last_completed,
        (l.completed_on + r.refresher)::date AS lapses_on,
        COALESCE(
            r.deadline,
            CASE WHEN r.due_within_days IS NULL THEN r.effective_from
                 ELSE GREATEST(p.start_date, r.effective_from) + r.due_within_days END
        ) AS first_due
    FROM person p
    JOIN requirement r ON r.profession = p.profession
    LEFT JOIN (
        SELECT person_id, course_id, completed_on FROM {latest}
        WHERE course_id IN (SELECT course_id FROM requirement)
    ) l ON l.person_id = p.id AND l.course_id = r.course_id
),
judged AS (
    SELECT *,
        last_completed IS NOT NULL AND (lapses_on IS NULL OR %(today)s::date < lapses_on) AS valid,
        CASE WHEN last_completed IS NULL THEN first_due ELSE lapses_on END AS next_due
    FROM dated
),
cells AS (
    SELECT
        person_id, name, staff_number, profession, department, site, start_date,
        requirement_id, course_id, last_completed,
        CASE WHEN valid THEN 'compliant' WHEN %(today)s::date > next_due THEN 'overdue' ELSE 'due' END AS status,
        CASE WHEN valid THEN NULL ELSE next_due END AS due_on,
        lapses_on - 1 AS valid_until,
        CASE WHEN NOT valid AND %(today)s::date > next_due THEN %(today)s::date - next_due ELSE 0 END
            AS days_overdue
    FROM judged
)
"""


def cells_sql(query: CellQuery, *, today: datetime.date) -> tuple[str, dict[str, object]]:
    """``WITH ... cells AS (...)`` (without the final ``SELECT``) and its parameters."""
    params: dict[str, object] = {"requirements": query.requirement_ids, "today": today}
    people = []
    if query.person_id is None:
        people.append("AND active")
    else:
        people.append("AND id = %(person)s")
        params["person"] = query.person_id
    if query.department:
        people.append("AND lower(department) = lower(%(department)s)")
        params["department"] = query.department
    if query.site:
        people.append("AND lower(site) = lower(%(site)s)")
        params["site"] = query.site
    sql = "WITH " + _CELLS.format(
        requirement=Requirement._meta.db_table,
        staff=StaffMember._meta.db_table,
        latest=LatestCompletion._meta.db_table,
        people=" ".join(people),
    )
    return sql, params
