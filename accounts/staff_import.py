"""The staff directory kept up to date from the HR system's CSV export: all or nothing.

Every line is checked against the directory and against the other lines first; if any line is
wrong nothing is written, and every problem is reported with its line (the header is line 1) and
its column. A line is the person of the directory with its staff number, else the one with its
email address (case-insensitive), who is updated; else a new person. A line whose staff number
and email point at two different people is an error, not a merge.

Columns: ``staff_number``, ``name``, ``email``, ``profession``, ``department``, ``site``,
``start_date`` (YYYY-MM-DD), ``active`` (yes/no; empty is yes). ``name`` and ``profession`` are
required, and a staff number or an email. Other columns are ignored.

The directory is read once and written with two statements (an insert, an update), so 5,000 people take well under
the issue's 5 seconds (``bench/staff_import.py``).
"""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Profession, StaffMember
from core import limits
from core.imports import ImportReport, csv_error_message, csv_upload_text

COLUMNS = ("staff_number", "name", "email", "profession", "department", "site", "start_date", "active")
REQUIRED = ("name", "profession")
MAX_ROWS = 20_000
# The fields a line sets on its person.
FIELDS = ("staff_number", "name", "email", "profession", "department", "site", "start_date", "active")

# HR systems name professions their own way; each spelling here is one of ours.
PROFESSION_WORDS: dict[str, str] = {
    **{value: value for value in Profession.values},
    **{label.lower(): value for value, label in Profession.choices},
    "radiographer": Profession.RADIOGRAPHER,
    "technologist": Profession.RADIOGRAPHER,
    "radiologic technologist": Profession.RADIOGRAPHER,
    "mta": Profession.RADIOGRAPHER,
    "admin": Profession.ADMINISTRATIVE,
    "administration": Profession.ADMINISTRATIVE,
    "pacs administrator": Profession.PACS_ADMIN,
    "pacs admin": Profession.PACS_ADMIN,
    "information technology": Profession.IT,
}
YES = {"", "yes", "y", "true", "1", "active", "ja"}
NO = {"no", "n", "false", "0", "inactive", "nein"}


class LineProblem(ValueError):
    """A line's problem at one of its columns."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")


@dataclass
class StaffImportPlan:
    """What an import would do: the people it creates and updates, or every problem."""

    report: ImportReport = field(default_factory=ImportReport)
    creates: list[StaffMember] = field(default_factory=list)
    updates: list[tuple[StaffMember, list[str]]] = field(default_factory=list)  # person, changed fields
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def written(self) -> int:
        """How many people the import adds or changes."""
        return len(self.creates) + len(self.updates)


@dataclass
class _Directory:
    """The people as the import matches them: by lower-case staff number and email."""

    by_number: dict[str, StaffMember]
    by_email: dict[str, StaffMember]

    @classmethod
    def load(cls) -> "_Directory":
        people = list(StaffMember.objects.all())
        return cls(
            by_number={p.staff_number.lower(): p for p in people if p.staff_number},
            by_email={p.email.lower(): p for p in people if p.email},
        )

    def match(self, values: dict[str, Any]) -> StaffMember | None:
        by_number = self.by_number.get(values["staff_number"].lower()) if values["staff_number"] else None
        by_email = self.by_email.get(values["email"].lower()) if values["email"] else None
        if by_number and by_email and by_number.pk != by_email.pk:
            raise LineProblem(
                "email", f"{values['email']} belongs to {by_email} (staff number {by_email.staff_number or 'none'})"
            )
        if by_number:
            return by_number
        if by_email and by_email.staff_number and values["staff_number"]:
            raise LineProblem(
                "staff_number",
                f"{values['email']} belongs to {by_email}, whose staff number is {by_email.staff_number}",
            )
        return by_email


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise LineProblem("start_date", f"“{text}” is not a date like 2024-03-01") from None
    if day not in limits.DATES:
        raise LineProblem("start_date", f"must be {limits.DATES}")
    return day


class LineProblems(ValueError):
    """Every problem of one line, one per column."""

    def __init__(self, problems: list[LineProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def _cell_problems(cells: dict[str, str]) -> Iterator[LineProblem]:
    for column in REQUIRED:
        if not cells[column]:
            yield LineProblem(column, "this column is required")
    if not cells["staff_number"] and not cells["email"]:
        yield LineProblem("staff_number", "give a staff number or an email address")
    if cells["profession"] and cells["profession"].lower() not in PROFESSION_WORDS:
        yield LineProblem("profession", f"“{cells['profession']}” is not one of {', '.join(Profession.labels)}")
    if cells["email"]:
        try:
            validate_email(cells["email"])
        except ValidationError:
            yield LineProblem("email", f"“{cells['email']}” is not an email address")
    if cells["active"].lower() not in YES | NO:
        yield LineProblem("active", f"“{cells['active']}” is neither yes nor no")
    for column in ("staff_number", "name", "email", "department", "site"):
        max_length = StaffMember._meta.get_field(column).max_length
        if len(cells[column]) > max_length:
            yield LineProblem(column, f"longer than {max_length} characters")
    try:
        _date(cells["start_date"])
    except LineProblem as problem:
        yield problem


def _line_values(raw: dict[str, Any]) -> dict[str, Any]:
    """A line's values, or ``LineProblems`` naming every bad column of it."""
    cells = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    problems = list(_cell_problems(cells))
    if problems:
        raise LineProblems(problems)
    return {
        **{column: cells[column] for column in ("staff_number", "name", "email", "department", "site")},
        "profession": PROFESSION_WORDS[cells["profession"].lower()],
        "start_date": _date(cells["start_date"]),
        "active": cells["active"].lower() in YES,
    }


def _reader(text: str) -> csv.DictReader:
    """Comma, semicolon or tab separated, as the HR export wrote it."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if reader.fieldnames:
        reader.fieldnames = [name.strip().lower().replace(" ", "_") for name in reader.fieldnames]
    return reader


def _lines(reader: csv.DictReader, report: ImportReport) -> Iterator[tuple[int, dict[str, Any]]]:
    count = 0
    for raw in reader:
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue  # blank lines at the end of a sheet
        count += 1
        if count > MAX_ROWS:
            report.errors.append((reader.line_num, f"More than {MAX_ROWS:,} people: split the file."))
            return
        try:
            yield reader.line_num, _line_values(raw)
        except LineProblems as problems:
            report.errors.extend((reader.line_num, str(problem)) for problem in problems.problems)


class _SeenKeys:
    """The staff numbers and emails lines already used: two lines for one person are an error."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, str], int] = {}

    def check(self, line: int, values: dict[str, Any]) -> None:
        for column in ("staff_number", "email"):
            if not values[column]:
                continue
            key = (column, values[column].lower())
            if key in self.lines:
                raise LineProblem(column, f"{values[column]} is on line {self.lines[key]} too")
            self.lines[key] = line


def staff_import_plan(*, content: bytes) -> StaffImportPlan:
    """What importing ``content`` would create and update, or every problem; writes nothing."""
    plan = StaffImportPlan()
    report = plan.report
    text = csv_upload_text(content, report)
    if text is None:
        return plan
    reader = None
    try:
        reader = _reader(text)
        missing = [name for name in (*REQUIRED, "staff_number", "email") if name not in (reader.fieldnames or [])]
        if missing:
            report.errors.append((1, f"The header lacks the columns {', '.join(missing)}."))
            return plan
        _plan_lines(reader, plan)
    except csv.Error as error:
        report.errors.append((reader.line_num + 1 if reader else 1, csv_error_message(error)))
    if not report.errors and not (plan.creates or plan.updates or plan.unchanged):
        report.errors.append((2, "The file has no people below its header."))
    report.errors.sort()
    return plan


def _plan_lines(reader: csv.DictReader, plan: StaffImportPlan) -> None:
    directory = _Directory.load()
    seen = _SeenKeys()
    matched: dict[int, int] = {}  # person pk -> line
    for line, values in _lines(reader, plan.report):
        try:
            seen.check(line, values)
            person = directory.match(values)
            if person is not None and person.pk in matched:
                raise LineProblem("staff_number", f"line {matched[person.pk]} is {person} too")
        except LineProblem as problem:
            plan.report.errors.append((line, str(problem)))
            continue
        if person is None:
            plan.creates.append(StaffMember(**values))
            continue
        matched[person.pk] = line
        changed = [name for name in FIELDS if getattr(person, name) != values[name]]
        for name in changed:
            setattr(person, name, values[name])
        if changed:
            plan.updates.append((person, changed))
        else:
            plan.unchanged += 1


def staff_import_csv(*, content: bytes) -> StaffImportPlan:
    """Import ``content`` if every line is good (nothing otherwise): the plan, applied. The rows
    are locked for the write so a concurrent edit cannot slip between check and write."""
    with transaction.atomic():
        list(StaffMember.objects.select_for_update().values_list("pk", flat=True))
        plan = staff_import_plan(content=content)
        if not plan.ok:
            return plan
        StaffMember.objects.bulk_create(plan.creates, batch_size=1000)
        _update_all([person for person, _ in plan.updates])
        plan.report.imported = plan.written
    return plan


# One statement for every changed person: Django's bulk_update builds a CASE per field and row,
# which takes seconds of Python for a few thousand people.
_UPDATE_SQL = """
    UPDATE accounts_staffmember AS person SET
        staff_number = row.staff_number, name = row.name, email = row.email, profession = row.profession,
        department = row.department, site = row.site, start_date = row.start_date, active = row.active,
        updated_at = %s
    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                %s::date[], %s::boolean[])
        AS row(id, staff_number, name, email, profession, department, site, start_date, active)
    WHERE person.id = row.id
"""


def _update_all(people: list[StaffMember]) -> None:
    if not people:
        return
    columns = [[person.pk for person in people]]
    columns += [[getattr(person, name) for person in people] for name in FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_SQL, [timezone.now(), *columns])
