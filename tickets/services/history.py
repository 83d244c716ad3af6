"""History import: tickets from the vendor's old system, replayed through the lifecycle with
their past instants. The whole file is checked and imported in one transaction: a file with
any error imports nothing and reports every bad row.

Nobody is told of history: the replay runs silenced, and so does the firing of the imported
tickets' warnings and breaches already past (an old open ticket is long breached), in the same
transaction, so the minute's SLA sweep finds nothing of theirs left to announce."""

import csv
import datetime
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core.imports import ImportReport, csv_error_message, csv_upload_text
from core.instants import instant_parse
from notifications.services.notify import silenced
from slas.models import Severity
from tickets.models import ClockAction, SlaClock, Ticket
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from vendors.models import Vendor

COLUMNS = ("vendor", "severity", "title", "description", "opened_at", "responded_at", "resolved_at", "closed_at")
REQUIRED = ("vendor", "severity", "title", "opened_at")
INSTANTS = ("opened_at", "responded_at", "resolved_at", "closed_at")
MAX_ROWS = 50_000
# How often the import tells its progress: every this many rows checked, and again imported.
PROGRESS_EVERY = 250
# How often the import has PostgreSQL count the rows it added so far (and once before the sweep).
ANALYZE_EVERY = 5_000

# (phase: "validating" or "importing", rows done in that phase, data rows in the file)
Progress = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class _Row:
    line: int
    vendor: Vendor
    severity: str
    title: str
    description: str
    instants: dict[str, datetime.datetime | None]


def _instant(value: str, column: str) -> datetime.datetime | None:
    if not value.strip():
        return None
    parsed = instant_parse(value, naive_is_local=False)
    if isinstance(parsed, str):
        raise ValueError(f"{column}: {parsed}")
    return parsed


def _parse(line: int, raw: dict[str, str], vendors: dict[str, Vendor]) -> _Row:
    missing = [column for column in REQUIRED if not (raw.get(column) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    vendor = vendors.get(raw["vendor"].strip().lower())
    if vendor is None:
        raise ValueError(f"vendor “{raw['vendor']}” is unknown")
    severity = raw["severity"].strip().upper()
    if severity not in Severity.values:
        raise ValueError(f"severity “{raw['severity']}” is not one of P1, P2, P3, P4")
    instants = {column: _instant(raw.get(column) or "", column) for column in INSTANTS}
    present = [(column, instants[column]) for column in INSTANTS if instants[column] is not None]
    for (earlier_name, earlier), (later_name, later) in itertools.pairwise(present):
        if later < earlier:
            raise ValueError(f"{later_name} is before {earlier_name}")
    if instants["closed_at"] and not instants["resolved_at"]:
        raise ValueError("closed_at needs resolved_at")
    return _Row(line, vendor, severity, raw["title"].strip(), (raw.get("description") or "").strip(), instants)


def _replay(row: _Row, by: User | None) -> Ticket:
    at = row.instants
    ticket = lifecycle.ticket_open(
        vendor_id=row.vendor.pk,
        severity=row.severity,
        title=row.title,
        description=row.description,
        reporter=by,
        at=at["opened_at"],
    )
    if at["responded_at"]:
        lifecycle.ticket_respond(ticket=ticket, by=by, at=at["responded_at"])
    if at["resolved_at"]:
        lifecycle.ticket_resolve(ticket=ticket, by=by, at=at["resolved_at"], summary="Imported")
    if at["closed_at"]:
        lifecycle.ticket_close(ticket=ticket, by=by, at=at["closed_at"])
    return ticket


def _parse_all(reader: csv.DictReader, report: ImportReport, progress: Progress) -> list[_Row]:
    """The rows of the file; the bad ones are reported instead, in line order. Reads at most one
    row past MAX_ROWS, so a huge file is refused without being read whole."""
    missing_columns = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing_columns:
        report.errors.append((1, f"The header lacks the columns {', '.join(missing_columns)}."))
        return []
    raw_rows: list[dict[str, str]] = []
    try:
        raw_rows.extend(itertools.islice(reader, MAX_ROWS + 1))
    except csv.Error as error:  # the rows before it are still checked
        # The csv module counts the lines it finished: the bad one is the next.
        report.errors.append((reader.line_num + 1, csv_error_message(error)))
    total = min(len(raw_rows), MAX_ROWS)
    progress("validating", 0, total)
    vendors = {vendor.name.lower(): vendor for vendor in Vendor.objects.all()}
    rows = []
    for line, raw in enumerate(raw_rows, start=2):
        if line - 1 > MAX_ROWS:
            report.errors.append((line, f"More than {MAX_ROWS} rows: split the file."))
            break
        try:
            rows.append(_parse(line, raw, vendors))
        except ValueError as error:
            report.errors.append((line, str(error)))
        if (line - 1) % PROGRESS_EVERY == 0:
            progress("validating", line - 1, total)
    progress("validating", total, total)
    report.errors.sort(key=lambda error: error[0])
    return rows


def tickets_import_csv(*, content: bytes, by: User | None, progress: Progress = _no_progress) -> ImportReport:
    """Import tickets from CSV (header: vendor, severity, title, description, opened_at,
    responded_at, resolved_at, closed_at; vendor by name; instants ISO 8601 with offset).
    Replaying history notifies and mails no one. ``progress`` hears of the rows checked, then
    of the rows imported: from inside the import's transaction, so it must write through
    another connection to be seen (``history_jobs``)."""
    report = ImportReport()
    text = csv_upload_text(content, report)
    if text is None:
        return report
    reader = csv.DictReader(io.StringIO(text))
    rows: list[_Row] = []
    try:
        rows = _parse_all(reader, report, progress)
    except csv.Error as error:  # in the header line, before anything is stored
        # The csv module counts the lines it finished: the bad one is the next.
        report.errors.append((reader.line_num + 1, csv_error_message(error)))
    if report.errors:
        return report
    progress("importing", 0, len(rows))
    try:
        # History: the tickets' past events are recorded, and nobody is told of them.
        with transaction.atomic(), silenced():
            ticket_ids = []
            for done, row in enumerate(rows, start=1):
                try:
                    ticket_ids.append(_replay(row, by).pk)
                except ValidationError as error:
                    report.errors.append((row.line, " ".join(error.messages)))
                if done % PROGRESS_EVERY == 0:
                    progress("importing", done, len(rows))
                if done % ANALYZE_EVERY == 0:
                    _analyze_ticket_tables()
            if report.errors:
                raise _RollBack
            _analyze_ticket_tables()
            sweep_due_actions(now=timezone.now(), ticket_ids=ticket_ids)
            report.imported = len(rows)
    except _RollBack:
        report.imported = 0
    return report


def _analyze_ticket_tables() -> None:
    """Have the planner see the rows this import added. History is mostly imported into a new
    install, whose ticket tables were empty when last analysed: planned for one row, the sweep of
    the imported tickets' clocks ran nested loops for hours over a few thousand. ANALYZE inside
    the transaction counts its own uncommitted rows (and is undone with it)."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (Ticket, SlaClock, ClockAction))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


class _RollBack(Exception):
    """Undo the whole import: a file with errors imports nothing."""
