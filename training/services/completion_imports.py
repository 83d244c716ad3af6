"""Completions imported from a spreadsheet (an e-learning platform's export): every line checked,
every bad one reported with its line number and column, nothing stored unless all are good (the
recording service's own all-or-nothing).

Columns: ``course`` (its id, or its exact title), ``staff_number`` or ``email`` (how the
platform knows the person), ``completed_on`` (YYYY-MM-DD). Other columns are ignored.
"""

import csv
import datetime
import io
from collections.abc import Iterator

from django.db.models.functions import Lower

from accounts.models import User
from core.imports import ImportReport, csv_error_message, csv_upload_text
from training.models import Course, Source
from training.services.completions import (
    CompletionInput,
    CompletionsInvalid,
    completions_check,
    completions_record,
)

COLUMNS = ("course", "staff_number", "email", "completed_on")
MAX_ROWS = 50_000


def _course_ids() -> dict[str, list[int]]:
    """Course ids by lower-case title, and by their own id."""
    ids: dict[str, list[int]] = {}
    for pk, title in Course.objects.annotate(key=Lower("title")).values_list("pk", "key"):
        ids.setdefault(title, []).append(pk)
        ids.setdefault(str(pk), []).append(pk)
    return ids


def _row(raw: dict[str, str | None], courses: dict[str, list[int]]) -> tuple[CompletionInput | None, list[str]]:
    cells = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    problems = []
    found = courses.get(cells["course"].lower(), [])
    if not cells["course"]:
        problems.append("course: this column is required")
    elif len(found) > 1:
        problems.append(f"course: several courses are titled “{cells['course']}”; give the course's id")
    elif not found:
        problems.append(f"course: no course has the title or id “{cells['course']}”")
    if not cells["staff_number"] and not cells["email"]:
        problems.append("staff_number: give the person's staff number or email")
    try:
        day = datetime.date.fromisoformat(cells["completed_on"])
    except ValueError:
        problems.append(f"completed_on: “{cells['completed_on']}” is not a date like 2026-03-14")
        day = None
    if problems or day is None:
        return None, problems
    return CompletionInput(
        course_id=found[0], completed_on=day, staff_number=cells["staff_number"], email=cells["email"]
    ), []


def _lines(reader: csv.DictReader, report: ImportReport) -> Iterator[tuple[int, CompletionInput]]:
    courses = _course_ids()
    count = 0
    for raw in reader:
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue
        count += 1
        if count > MAX_ROWS:
            report.errors.append((reader.line_num, f"More than {MAX_ROWS:,} lines: split the file."))
            return
        row, problems = _row(raw, courses)
        report.errors.extend((reader.line_num, problem) for problem in problems)
        if row is not None:
            yield reader.line_num, row


def completions_import_csv(*, content: bytes, by: User) -> ImportReport:
    """Record the completions of a CSV file as ``by`` (vendor users: their own courses only), all
    or none. Lines are numbered as a spreadsheet shows them, the header being line 1."""
    report = ImportReport()
    text = csv_upload_text(content, report)
    if text is None:
        return report
    reader = None
    try:
        reader = csv.DictReader(io.StringIO(text))
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in ("course", "completed_on") if name not in reader.fieldnames]
        if missing or not {"staff_number", "email"} & set(reader.fieldnames):
            report.errors.append((1, "The header needs the columns course, completed_on, and staff_number or email."))
            return report
        parsed = list(_lines(reader, report))
    except csv.Error as error:
        report.errors.append((reader.line_num + 1 if reader else 1, csv_error_message(error)))
        return report
    if not parsed and not report.errors:
        report.errors.append((2, "The file has no completions below its header."))
    try:
        if report.errors:
            # The readable lines are checked too, so one upload names every problem.
            if parsed:
                completions_check(rows=[row for _, row in parsed], by=by)
        else:
            report.imported = completions_record(rows=[row for _, row in parsed], by=by, source=Source.IMPORT).created
    except CompletionsInvalid as error:
        report.errors.extend((parsed[index][0], problem) for index, found in error.rows.items() for problem in found)
    report.errors.sort()
    return report
