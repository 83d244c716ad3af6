"""CSV downloads: one writer for every export (tables, KPI samples, chart data), streamed line
by line, with cells that a spreadsheet program cannot run as formulas."""

import csv
import datetime
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse
from django.utils import timezone
from django_tables2 import Table

NOT_EXPORTED_COLUMNS = ("actions",)
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_cell(value: object) -> str:
    """A value as CSV text: instants in hospital time, text that cannot start a formula (numbers
    stay numbers, negative ones included)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # as the page shows it: hospital time
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return str(value)


def csv_lines(header: Sequence[str] | None, rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV text one line at a time (for streaming): the header, then each row's cells."""
    writer = csv.writer(_Echo())
    if header is not None:
        yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_download(lines: Iterable[str], *, filename: str, stamped: bool = True) -> StreamingHttpResponse:
    """A streamed CSV attachment; ``stamped`` adds the hospital-time minute to the file name."""
    if stamped:
        filename = f"{filename}-{timezone.localtime():%Y%m%d-%H%M}"
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_rows(table: Table) -> Iterator[str]:
    """A django-tables2 table as CSV: the same columns, order and filters as the page."""
    return csv_lines(None, table.as_values(exclude_columns=NOT_EXPORTED_COLUMNS))


def csv_response(table: Table, *, filename: str) -> StreamingHttpResponse:
    return csv_download(csv_rows(table), filename=filename)
