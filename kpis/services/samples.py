"""Ingesting KPI samples: validated as a whole, written in bulk, all or nothing.

The same path serves the form (one sample), the CSV import and the API's bulk endpoint, so a
vendor's token, a spreadsheet and a person meet the same rules.

Monitoring systems push tens of thousands of samples a request, so the per-row work is kept
to dictionary look-ups and the rows reach PostgreSQL through ``COPY``, not one ``INSERT``
parameter per column and row.
"""

import datetime
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core.roles import is_hospital_user, is_vendor_user
from kpis.models import Kpi, KpiSample, Scope, Source
from kpis.models.catalogue import KPI_VALUE
from kpis.services.rollups import Series, rollups_refresh_series
from kpis.services.sample_storage import raw_samples_kept_since, retention_months, sample_partitions_ensure
from vendors.models import Component, Vendor

FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
FOUR_PLACES = Decimal("0.0001")
NULL = "\\N"  # COPY's text format for NULL
COPY_COLUMNS = (
    "created_at",
    "updated_at",
    "kpi",
    "vendor",
    "component",
    "measured_at",
    "value",
    "source",
    "reported_by",
    "reporter",
)


class SampleInput(NamedTuple):
    kpi: str  # the KPI's code
    vendor_id: int
    measured_at: datetime.datetime
    value: Decimal | float | int | str
    component_id: int | None = None


class SamplesInvalid(ValidationError):
    """Some rows of a batch are invalid. ``rows`` maps each bad row's position (0-based, as in the
    list sent) to its problems, for callers that report per row (API, CSV import)."""

    def __init__(self, rows: dict[int, list[str]]) -> None:
        self.rows = rows
        super().__init__(
            {"samples": [f"Item {index}: {problem}" for index, found in rows.items() for problem in found]}
        )


@dataclass(frozen=True)
class IngestResult:
    created: int
    rollups: int


def _value(raw: object) -> Decimal:
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError("The value must be a finite number.")
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(raw if isinstance(raw, str) else str(raw))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValueError(f"“{raw}” is not a number.") from error
    if not value.is_finite():
        raise ValueError("The value must be a finite number.")
    if value not in KPI_VALUE:
        raise ValueError(f"The value must be {KPI_VALUE}.")
    return value.quantize(FOUR_PLACES)


def _source_for(user: User | None, kpi: Kpi) -> str:
    """Vendor users report as the vendor; hospital users enter by hand unless the KPI is fed by
    computation or probes (then the hospital records a correction in the KPI's own source)."""
    if is_vendor_user(user):
        return Source.VENDOR
    return kpi.source if kpi.source in (Source.COMPUTED, Source.PROBE) else Source.MANUAL


@dataclass
class _Checker:
    """The rules of one batch, with everything they need looked up once for all rows."""

    kpis: dict[str, Kpi]
    components: dict[int, int]  # component id -> its vendor's id
    vendors: set[int]
    own_vendor_id: int | None  # set for vendor users: the only vendor they may report for
    latest: datetime.datetime  # the latest instant accepted (now, give or take a clock's drift)
    earliest: datetime.datetime  # the first instant whose raw samples are kept
    values: list[Decimal] = field(default_factory=list)  # each row's value, as it is stored

    @classmethod
    def for_batch(cls, samples: Sequence[SampleInput], user: User | None) -> "_Checker":
        codes = {row.kpi for row in samples}
        component_ids = {row.component_id for row in samples if row.component_id is not None}
        vendor_ids = {row.vendor_id for row in samples}
        return cls(
            kpis={kpi.code: kpi for kpi in Kpi.objects.filter(code__in=codes, active=True)},
            components=dict(Component.objects.filter(pk__in=component_ids).values_list("pk", "vendor_id")),
            vendors=set(Vendor.objects.filter(pk__in=vendor_ids).values_list("pk", flat=True)),
            own_vendor_id=getattr(user, "vendor_id", None) if is_vendor_user(user) else None,
            latest=timezone.now() + FUTURE_TOLERANCE,
            earliest=raw_samples_kept_since(),
        )

    def errors(self, row: SampleInput) -> list[str]:
        """The row's problems; a good row's value joins ``values``. Runs for every row of every
        batch, so it only compares what was looked up in ``for_batch``."""
        errors = []
        kpi_code, vendor_id, measured_at, raw_value, component_id = row
        if vendor_id not in self.vendors:
            errors.append(f"No vendor has the id {vendor_id}.")
        kpi = self.kpis.get(kpi_code)
        vendor_user = self.own_vendor_id is not None
        if kpi is None:
            errors.append(f"No active KPI has the code “{kpi_code}”.")
        elif vendor_user and kpi.source != Source.VENDOR:
            errors.append(f"“{kpi.code}” is measured by the hospital; vendors report only vendor-reported KPIs.")
        if vendor_user and vendor_id != self.own_vendor_id:
            errors.append("You may report samples for your own company only.")
        if component_id is not None and self.components.get(component_id) != vendor_id:
            errors.append("The component is not one of this vendor's components.")
        if kpi is not None and component_id is None and kpi.scope == Scope.COMPONENT:
            errors.append(f"“{kpi.code}” is measured per component: give the component.")
        if measured_at is None or measured_at.utcoffset() is None:
            errors.append("measured_at needs a date, time and UTC offset.")
        elif measured_at > self.latest:
            errors.append("measured_at is in the future.")
        elif measured_at < self.earliest:
            first = timezone.localtime(self.earliest)
            errors.append(
                f"measured_at is before {first.day} {first:%b %Y}: raw samples are kept for "
                f"{retention_months()} months (KPI_SAMPLE_RETENTION_MONTHS)."
            )
        try:
            value = _value(raw_value)
        except ValueError as error:
            errors.append(str(error))
        else:
            if not errors:
                self.values.append(value)
        return errors


def _check_caller(samples: Sequence[SampleInput], user: User | None, source: str | None) -> None:
    if not samples:
        raise ValidationError({"samples": "Send at least one sample."})
    if not (is_hospital_user(user) or is_vendor_user(user) or source is not None):
        raise ValidationError("Only signed-in users, computations and probes report samples.")


def samples_check(*, samples: Sequence[SampleInput], user: User | None, source: str | None = None) -> _Checker:
    """Apply every rule to every row without writing: ``SamplesInvalid`` names each bad row's
    problems. Vendor users report only vendor-reported KPIs of their own vendor; components belong
    to the sample's vendor; per-component KPIs need one; instants carry their offset and are not in
    the future; values are finite numbers."""
    _check_caller(samples, user, source)
    checker = _Checker.for_batch(samples, user)
    errors_of = checker.errors
    problems = {}
    for index, row in enumerate(samples):
        errors = errors_of(row)
        if errors:
            problems[index] = errors
    if problems:
        raise SamplesInvalid(problems)
    return checker


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_rows(
    samples: Sequence[SampleInput], checker: _Checker, *, user: User | None, reporter: str, source: str | None
) -> set[tuple[int, int, str]]:
    """Write the checked rows with one ``COPY``; returns the series (KPI, vendor, source) they touch."""
    stamp = timezone.now().isoformat()
    reported_by = getattr(user, "pk", None)
    row_end = f"\t{NULL if reported_by is None else reported_by}\t{_copy_text(reporter[:120])}\n"
    # Per KPI code: what every row of that KPI starts and ends with.
    row_start = {code: f"{stamp}\t{stamp}\t{kpi.pk}\t" for code, kpi in checker.kpis.items()}
    source_of = {code: source or _source_for(user, kpi) for code, kpi in checker.kpis.items()}
    lines = [
        f"{row_start[code]}{vendor_id}\t{NULL if component_id is None else component_id}\t"
        f"{measured_at.isoformat()}\t{value}\t{source_of[code]}{row_end}"
        for (code, vendor_id, measured_at, _, component_id), value in zip(samples, checker.values, strict=True)
    ]
    meta = KpiSample._meta
    columns = ", ".join(meta.get_field(name).column for name in COPY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {meta.db_table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
    kpi_ids = {code: kpi.pk for code, kpi in checker.kpis.items()}
    keys = {(code, vendor_id) for code, vendor_id, *_ in samples}
    return {(kpi_ids[code], vendor_id, source_of[code]) for code, vendor_id in keys}


def samples_ingest(
    *, samples: Sequence[SampleInput], user: User | None, reporter: str = "", source: str | None = None
) -> IngestResult:
    """Validate every row (``samples_check``), then write them all and refresh the roll-ups they
    touch, in one transaction. Any bad row refuses the whole batch with every row's problems
    (``SamplesInvalid``, by the row's position). ``source`` (computations and probes) overrides
    the source derived from the user."""
    checker = samples_check(samples=samples, user=user, source=source)
    instants = [row.measured_at for row in samples]
    first, last = min(instants), max(instants)
    sample_partitions_ensure(first, last)
    with transaction.atomic():
        keys = _copy_rows(samples, checker, user=user, reporter=reporter, source=source)
        refreshed = rollups_refresh_series(Series(keys=keys, first=first, last=last))
    return IngestResult(created=len(samples), rollups=refreshed)
