"""Ingesting KPI samples: validated as a whole, written in bulk, all or nothing.

The same path serves the form (one sample), the CSV import and the API's bulk endpoint, so a
vendor's token, a spreadsheet and a person meet the same rules.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.roles import is_hospital_user, is_vendor_user
from kpis.models import Kpi, KpiSample, Source
from kpis.services.rollups import rollups_refresh
from vendors.models import Component, Vendor

BATCH = 5000
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
MAX_VALUE = Decimal("1e14")


@dataclass(frozen=True)
class SampleInput:
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
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as error:
        raise ValueError(f"“{raw}” is not a number.") from error
    if not value.is_finite() or (isinstance(raw, float) and not math.isfinite(raw)):
        raise ValueError("The value must be a finite number.")
    if abs(value) >= MAX_VALUE:
        raise ValueError("The value is too large.")
    return value.quantize(Decimal("0.0001"))


def _source_for(user: object, kpi: Kpi) -> str:
    """Vendor users report as the vendor; hospital users enter by hand unless the KPI is fed by
    computation or probes (then the hospital records a correction in the KPI's own source)."""
    if is_vendor_user(user):
        return Source.VENDOR
    return kpi.source if kpi.source in (Source.COMPUTED, Source.PROBE) else Source.MANUAL


def _row_errors(
    row: SampleInput, kpis: dict[str, Kpi], components: dict[int, int], user: object, now: datetime.datetime
) -> list[str]:
    errors = []
    kpi = kpis.get(row.kpi)
    if kpi is None:
        errors.append(f"No active KPI has the code “{row.kpi}”.")
    elif is_vendor_user(user) and kpi.source != Source.VENDOR:
        errors.append(f"“{kpi.code}” is measured by the hospital; vendors report only vendor-reported KPIs.")
    if is_vendor_user(user) and row.vendor_id != user.vendor_id:
        errors.append("You may report samples for your own company only.")
    if row.component_id is not None and components.get(row.component_id) != row.vendor_id:
        errors.append("The component is not one of this vendor's components.")
    if kpi is not None and kpi.scope == "component" and row.component_id is None:
        errors.append(f"“{kpi.code}” is measured per component: give the component.")
    if row.measured_at is None or timezone.is_naive(row.measured_at):
        errors.append("measured_at needs a date, time and UTC offset.")
    elif row.measured_at > now + FUTURE_TOLERANCE:
        errors.append("measured_at is in the future.")
    try:
        _value(row.value)
    except ValueError as error:
        errors.append(str(error))
    return errors


def samples_ingest(
    *, samples: Sequence[SampleInput], user: object, reporter: str = "", source: str | None = None
) -> IngestResult:
    """Validate every row, then write them all and refresh the roll-ups they touch, in one
    transaction. Any bad row refuses the whole batch with every row's problems (``SamplesInvalid``,
    by the row's position). Vendor users report only
    vendor-reported KPIs of their own vendor. ``source`` (computations and probes) overrides the
    source derived from the user."""
    if not samples:
        raise ValidationError({"samples": "Send at least one sample."})
    if not (is_hospital_user(user) or is_vendor_user(user) or source is not None):
        raise ValidationError("Only signed-in users, computations and probes report samples.")
    now = timezone.now()
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(code__in={row.kpi for row in samples}, active=True)}
    component_ids = {row.component_id for row in samples if row.component_id is not None}
    components = dict(Component.objects.filter(pk__in=component_ids).values_list("pk", "vendor_id"))
    vendor_ids = {row.vendor_id for row in samples}
    known_vendors = set(Vendor.objects.filter(pk__in=vendor_ids).values_list("pk", flat=True))
    problems: dict[int, list[str]] = {}
    for index, row in enumerate(samples):
        errors = _row_errors(row, kpis, components, user, now)
        if row.vendor_id not in known_vendors:
            errors.insert(0, f"No vendor has the id {row.vendor_id}.")
        if errors:
            problems[index] = errors
    if problems:
        raise SamplesInvalid(problems)
    reported_by = user if getattr(user, "pk", None) else None
    rows = [
        KpiSample(
            kpi=kpis[row.kpi],
            vendor_id=row.vendor_id,
            component_id=row.component_id,
            measured_at=row.measured_at,
            value=_value(row.value),
            source=source or _source_for(user, kpis[row.kpi]),
            reported_by=reported_by,
            reporter=reporter[:120],
        )
        for row in samples
    ]
    with transaction.atomic():
        KpiSample.objects.bulk_create(rows, batch_size=BATCH)
        refreshed = rollups_refresh(samples=rows)
    return IngestResult(created=len(rows), rollups=refreshed)
