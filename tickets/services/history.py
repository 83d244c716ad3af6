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
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.imports import ImportReport, csv_error_message, csv_upload_text
from core.instants import instant_parse
from core.permissions import require
from notifications.services.notify import silenced
from slas.models import Severity
from tickets.models import Ticket
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from vendors.models import Vendor

COLUMNS = ("vendor", "severity", "title", "description", "opened_at", "responded_at", "resolved_at", "closed_at")
REQUIRED = ("vendor", "severity", "title", "opened_at")
INSTANTS = ("opened_at", "responded_at", "resolved_at", "closed_at")
MAX_ROWS = 50_000


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


def _replay(row: _Row, by: User) -> Ticket:
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


def _parse_all(reader: csv.DictReader, report: ImportReport) -> list[_Row]:
    """The rows of the file; the bad ones are reported instead."""
    missing_columns = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing_columns:
        report.errors.append((1, f"The header lacks the columns {', '.join(missing_columns)}."))
        return []
    vendors = {vendor.name.lower(): vendor for vendor in Vendor.objects.all()}
    rows = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            report.errors.append((line, f"More than {MAX_ROWS} rows: split the file."))
            break
        try:
            rows.append(_parse(line, raw, vendors))
        except ValueError as error:
            report.errors.append((line, str(error)))
    return rows


def tickets_import_csv(*, content: bytes, by: User) -> ImportReport:
    """Import tickets from CSV (header: vendor, severity, title, description, opened_at,
    responded_at, resolved_at, closed_at; vendor by name; instants ISO 8601 with offset), for
    the roles that may import ticket history. Replaying history notifies and mails no one."""
    require(by, "ticket.import")
    report = ImportReport()
    text = csv_upload_text(content, report)
    if text is None:
        return report
    reader = csv.DictReader(io.StringIO(text))
    rows: list[_Row] = []
    try:
        rows = _parse_all(reader, report)
    except csv.Error as error:  # raised before anything is stored
        # The csv module counts the lines it finished: the bad one is the next.
        report.errors.append((reader.line_num + 1, csv_error_message(error)))
    if report.errors:
        return report
    try:
        # History: the tickets' past events are recorded, and nobody is told of them.
        with transaction.atomic(), silenced():
            ticket_ids = []
            for row in rows:
                try:
                    ticket_ids.append(_replay(row, by).pk)
                except ValidationError as error:
                    report.errors.append((row.line, " ".join(error.messages)))
            if report.errors:
                raise _RollBack
            sweep_due_actions(now=timezone.now(), ticket_ids=ticket_ids)
            report.imported = len(rows)
    except _RollBack:
        report.imported = 0
    return report


class _RollBack(Exception):
    """Undo the whole import: a file with errors imports nothing."""
