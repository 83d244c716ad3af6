"""Samples imported from a spreadsheet: every line checked, every bad one reported with its line
number, and nothing imported unless all are good (the ingest service's own all-or-nothing).

Columns: ``kpi`` (the code), ``vendor`` (name or id), ``component`` (optional: id, name, or
"name (site)"), ``measured_at`` (ISO 8601; without an offset it is hospital time), ``value``.
Other columns are ignored, so a sample export comes back in unchanged.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from accounts.models import User
from core.imports import ImportReport, csv_error_message, csv_upload_text
from core.instants import instant_parse
from kpis.services.samples import SampleInput, SamplesInvalid, samples_check, samples_ingest
from vendors.models import Component, Vendor

COLUMNS = ("kpi", "vendor", "component", "measured_at", "value")
REQUIRED = ("kpi", "vendor", "measured_at", "value")
MAX_ROWS = 100_000


@dataclass
class _Directory:
    """Vendors and components by the names and ids a spreadsheet may use, looked up once."""

    vendors_by_name: dict[str, list[int]]
    vendor_ids: set[int]
    components: dict[int, dict[str, list[int]]]  # vendor id -> lower-case name or label -> ids
    component_vendor: dict[int, int]

    @classmethod
    def load(cls) -> "_Directory":
        vendors_by_name: dict[str, list[int]] = {}
        vendor_ids = set()
        for pk, name in Vendor.objects.values_list("pk", "name"):
            vendors_by_name.setdefault(name.strip().lower(), []).append(pk)
            vendor_ids.add(pk)
        components: dict[int, dict[str, list[int]]] = {}
        component_vendor = {}
        for pk, vendor_id, name, site in Component.objects.values_list("pk", "vendor_id", "name", "site"):
            names = components.setdefault(vendor_id, {})
            names.setdefault(name.strip().lower(), []).append(pk)
            if site:
                names.setdefault(f"{name} ({site})".strip().lower(), []).append(pk)
            component_vendor[pk] = vendor_id
        return cls(vendors_by_name, vendor_ids, components, component_vendor)

    def vendor(self, text: str) -> int:
        found = self.vendors_by_name.get(text.lower(), [])
        if len(found) == 1:
            return found[0]
        if text.isdigit() and int(text) in self.vendor_ids:
            return int(text)
        if len(found) > 1:
            raise ValueError(f"vendor: several vendors are named “{text}”; give the vendor's id")
        raise ValueError(f"vendor: no vendor has the name or id “{text}”")

    def component(self, text: str, vendor_id: int) -> int | None:
        if not text:
            return None
        found = self.components.get(vendor_id, {}).get(text.lower(), [])
        if len(found) == 1:
            return found[0]
        if text.isdigit() and self.component_vendor.get(int(text)) == vendor_id:
            return int(text)
        if len(found) > 1:
            raise ValueError(f"component: this vendor has several components named “{text}”; give its id")
        raise ValueError(f"component: “{text}” is not one of this vendor's components")


def _instant(text: str) -> datetime.datetime:
    parsed = instant_parse(text, naive_is_local=True)
    if isinstance(parsed, str):
        raise ValueError(f"measured_at: {parsed}")
    return parsed


def _value(text: str) -> str:
    # Spreadsheets in many locales write a decimal comma.
    return text.replace(",", ".") if "," in text and "." not in text else text


def _parse_line(raw: dict[str, str | None], directory: _Directory) -> SampleInput:
    cells = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    missing = [column for column in REQUIRED if not cells[column]]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    vendor_id = directory.vendor(cells["vendor"])
    return SampleInput(
        kpi=cells["kpi"],
        vendor_id=vendor_id,
        measured_at=_instant(cells["measured_at"]),
        value=_value(cells["value"]),
        component_id=directory.component(cells["component"], vendor_id),
    )


def _reader(text: str) -> csv.DictReader:
    """Comma, semicolon or tab separated, as the spreadsheet wrote it."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if reader.fieldnames:
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return reader


def _service_errors(error: ValidationError, lines: list[int]) -> Iterable[tuple[int, str]]:
    if isinstance(error, SamplesInvalid):
        for index, problems in error.rows.items():
            yield from ((lines[index], problem) for problem in problems)
    else:
        yield from ((0, message) for message in error.messages)


def samples_import_csv(*, content: bytes, user: User) -> ImportReport:
    """Import the samples of a CSV file as ``user`` (the ingest service's rules apply: vendor
    users only their own vendor-reported KPIs). Lines are numbered as a spreadsheet shows them,
    the header being line 1."""
    report = ImportReport()
    text = csv_upload_text(content, report)
    if text is None:
        return report
    reader = None
    try:
        reader = _reader(text)
        return _import_lines(reader, user, report)
    except csv.Error as error:  # raised before anything is stored
        # The csv module counts the lines it finished: the bad one is the next.
        report.errors.append((reader.line_num + 1 if reader else 1, csv_error_message(error)))
        return report


def _import_lines(reader: csv.DictReader, user: User, report: ImportReport) -> ImportReport:
    missing_columns = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing_columns:
        report.errors.append((1, f"The header lacks the columns {', '.join(missing_columns)}."))
        return report
    directory = _Directory.load()
    samples: list[SampleInput] = []
    lines: list[int] = []
    for raw in reader:
        line = reader.line_num
        if len(samples) + len(report.errors) >= MAX_ROWS:
            report.errors.append((line, f"More than {MAX_ROWS:,} rows: split the file."))
            break
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue  # blank lines at the end of a sheet
        try:
            samples.append(_parse_line(raw, directory))
            lines.append(line)
        except ValueError as error:
            report.errors.append((line, str(error)))
    if not samples and not report.errors:
        report.errors.append((2, "The file has no samples below its header."))
        return report
    try:
        if report.errors:
            # Check the readable lines too, so one upload names every problem.
            if samples:
                samples_check(samples=samples, user=user)
        else:
            report.imported = samples_ingest(samples=samples, user=user, reporter="CSV import").created
    except ValidationError as error:
        report.errors.extend(_service_errors(error, lines))
    report.errors.sort()
    return report
