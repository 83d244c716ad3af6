"""What a spreadsheet import reports: how many rows it imported, or every bad line and why; and
the checks every CSV import makes before trusting its text."""

import csv
from dataclasses import dataclass, field

# Python's csv module refuses longer cells (csv.field_size_limit(), 131,072 by default).
MAX_CELL_CHARS = csv.field_size_limit()


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def csv_text_problem(text: str) -> str | None:
    """Why a decoded upload is not CSV text at all, or None. PostgreSQL cannot store a NUL."""
    if "\x00" in text:
        return "The file contains NUL bytes: it is not CSV text. Save it as “CSV UTF-8” and try again."
    return None


def csv_upload_text(content: bytes, report: ImportReport) -> str | None:
    """An uploaded CSV file as text, or None with the reason recorded in ``report`` (line 0):
    UTF-8 (with or without the byte-order mark spreadsheet programs write), no NUL bytes."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, "The file is not UTF-8 text: save it as “CSV UTF-8”."))
        return None
    if problem := csv_text_problem(text):
        report.errors.append((0, problem))
        return None
    return text


def csv_error_message(error: csv.Error) -> str:
    """The words for a line the csv module cannot read."""
    if "field larger than field limit" in str(error):
        return f"A cell is longer than {MAX_CELL_CHARS:,} characters."
    return f"This line is not readable as CSV ({error})."
